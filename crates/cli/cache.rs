//! The summary cache: what the per-file phase made of each file (its findings, summary and
//! suppressions), kept on disk so that a second run parses only the files that changed.
//!
//! Layout: `<dir>/v1/<engine>/<path>`, where `<engine>` is a digest of everything besides the
//! file that shapes a per-file result (mcplint's version and build, the catalog with its
//! `extend-catalog` files, the enabled rules) and `<path>` a digest of the file's displayed path
//! and language. An entry records the digest of the bytes it was made from and a checksum of
//! itself: an entry for other bytes, a truncated or corrupt one, or one an older mcplint wrote
//! is ignored and rewritten, never trusted. Entries are written to a temporary file and renamed
//! into place, so concurrent runs over one tree never see half an entry. Engine folders not
//! used for [`STALE_AFTER`] are removed when the cache is opened.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use mcplint_ir::Lang;
use mcplint_rules::FileResult;
use serde::{Deserialize, Serialize};

/// The default folder name, at the project root (the configuration file's folder, or the
/// working directory).
pub(crate) const DEFAULT_DIR: &str = ".mcplint_cache";

/// The environment variable that sets the cache folder (`--cache-dir` wins over it).
pub(crate) const DIR_ENV: &str = "MCPLINT_CACHE_DIR";

/// The version of the entry format: a folder per version.
const FORMAT: &str = "v1";

/// Engine folders not written to for this long are removed when a cache is opened.
const STALE_AFTER: Duration = Duration::from_hours(7 * 24);

/// What the cache keeps of one analysed file.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The per-file result.
    pub(crate) result: FileResult,
    /// The file's notices of the per-file phase (a syntax error), as messages.
    pub(crate) notices: Vec<String>,
    /// The file's line count.
    pub(crate) lines: u64,
}

/// An entry as written: [`Stored`]'s fields, borrowed (postcard is positional: the two must
/// list the same fields in the same order).
#[derive(Serialize)]
struct StoredRef<'a> {
    path: &'a str,
    content: &'a [u8; 32],
    result: &'a FileResult,
    notices: &'a [String],
    lines: u64,
}

/// An entry as read: the path and bytes it was made from, then the entry's fields.
#[derive(Deserialize)]
struct Stored {
    path: String,
    content: [u8; 32],
    result: FileResult,
    notices: Vec<String>,
    lines: u64,
}

/// An open cache for one engine.
#[derive(Debug)]
pub(crate) struct Cache {
    /// `<dir>/v1/<engine>`.
    dir: PathBuf,
}

impl Cache {
    /// Opens (creating it when missing) the cache in `root` for the engine described by
    /// `engine` (see [`engine_digest`]). The folder gets a `.gitignore` that ignores it all
    /// and a `CACHEDIR.TAG`, as ruff's does.
    pub(crate) fn open(root: &Path, engine: &blake3::Hash) -> io::Result<Cache> {
        let versions = root.join(FORMAT);
        let dir = versions.join(&engine.to_hex()[..32]);
        fs::create_dir_all(&dir)?;
        write_if_missing(&root.join(".gitignore"), b"# Created by mcplint.\n*\n")?;
        write_if_missing(
            &root.join("CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n# mcplint's summary cache.\n",
        )?;
        remove_stale(&versions, &dir);
        Ok(Cache { dir })
    }

    /// The entry of the file shown as `path` in language `lang` whose bytes have digest
    /// `content`, if one was stored for exactly those bytes and reads back whole.
    pub(crate) fn get(&self, path: &str, lang: Lang, content: &blake3::Hash) -> Option<Entry> {
        let data = fs::read(self.entry_path(path, lang)).ok()?;
        let (body, sum) = data.split_at_checked(data.len().checked_sub(32)?)?;
        if blake3::hash(body).as_bytes() != sum {
            return None;
        }
        let stored: Stored = postcard::from_bytes(body).ok()?;
        (stored.path == path && stored.content == *content.as_bytes()).then_some(Entry {
            result: stored.result,
            notices: stored.notices,
            lines: stored.lines,
        })
    }

    /// Stores what the per-file phase made of the file shown as `path` whose bytes have
    /// digest `content`. Best effort: a failure to write leaves the previous entry (or none)
    /// and is not an error of the run.
    pub(crate) fn put(
        &self,
        path: &str,
        lang: Lang,
        content: &blake3::Hash,
        result: &FileResult,
        notices: &[String],
        lines: u64,
    ) {
        let stored = StoredRef {
            path,
            content: content.as_bytes(),
            result,
            notices,
            lines,
        };
        let Ok(mut data) = postcard::to_stdvec(&stored) else {
            return;
        };
        let sum = blake3::hash(&data);
        data.extend_from_slice(sum.as_bytes());
        let _ = self.write_atomically(&self.entry_path(path, lang), &data);
    }

    /// The entry file of a path: a digest, so any path maps to one flat file name.
    fn entry_path(&self, path: &str, lang: Lang) -> PathBuf {
        let mut h = blake3::Hasher::new();
        h.update(lang.name().as_bytes());
        h.update(&[0]);
        h.update(path.as_bytes());
        self.dir.join(&h.finalize().to_hex()[..32])
    }

    /// Writes `data` to a temporary file of the cache folder and renames it to `target`.
    fn write_atomically(&self, target: &Path, data: &[u8]) -> io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.dir)?;
        tmp.write_all(data)?;
        tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The digest of what shapes a per-file result besides the file: mcplint's version, this build
/// of it (the executable's size and time, so a rebuilt binary never reads a stale result),
/// the catalog files in force and the enabled rules.
pub(crate) fn engine_digest(catalogs: &[(&str, &str)], enabled_rules: &[&str]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        h.update(&meta.len().to_le_bytes());
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .unwrap_or_default();
        h.update(&modified.as_nanos().to_le_bytes());
    }
    for (name, text) in catalogs {
        for part in [name, text] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    for rule in enabled_rules {
        h.update(rule.as_bytes());
        h.update(&[0]);
    }
    h.finalize()
}

/// Writes `contents` to `path` unless it exists.
fn write_if_missing(path: &Path, contents: &[u8]) -> io::Result<()> {
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => f.write_all(contents),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Removes the engine folders of `versions` other than `keep` that were not written to for
/// [`STALE_AFTER`] (best effort: another run may be removing them too).
fn remove_stale(versions: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(versions) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if path != keep && old {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = "syntax error at line 1, column 2";

    fn put(cache: &Cache, path: &str, lang: Lang, bytes: &[u8], lines: u64) {
        let notices = [NOTICE.to_owned()];
        let result = FileResult::default();
        cache.put(path, lang, &blake3::hash(bytes), &result, &notices, lines);
    }

    fn get(cache: &Cache, path: &str, lang: Lang, bytes: &[u8]) -> Option<Entry> {
        cache.get(path, lang, &blake3::hash(bytes))
    }

    #[test]
    fn an_entry_reads_back_for_the_same_bytes_only() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path(), &blake3::hash(b"engine")).unwrap();
        put(&cache, "a.py", Lang::Python, b"x = 1\n", 1);
        let got = get(&cache, "a.py", Lang::Python, b"x = 1\n").expect("a hit");
        assert_eq!(got.lines, 1);
        assert_eq!(got.notices, [NOTICE]);
        assert!(get(&cache, "a.py", Lang::Python, b"x = 2\n").is_none());
        assert!(get(&cache, "b.py", Lang::Python, b"x = 1\n").is_none());
        assert!(get(&cache, "a.py", Lang::TypeScript, b"x = 1\n").is_none());
        assert!(root.path().join(".gitignore").is_file());
    }

    #[test]
    fn corrupt_and_truncated_entries_are_ignored_then_rewritten() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path(), &blake3::hash(b"engine")).unwrap();
        put(&cache, "a.py", Lang::Python, b"x", 7);
        let file = cache.entry_path("a.py", Lang::Python);
        let whole = fs::read(&file).unwrap();
        let mut flipped = whole.clone();
        flipped[whole.len() / 2] ^= 0x40;
        for bad in [
            &whole[..whole.len() - 1],
            &whole[..3],
            &[][..],
            &flipped[..],
        ] {
            fs::write(&file, bad).unwrap();
            assert!(get(&cache, "a.py", Lang::Python, b"x").is_none());
        }
        put(&cache, "a.py", Lang::Python, b"x", 7);
        assert_eq!(get(&cache, "a.py", Lang::Python, b"x").unwrap().lines, 7);
    }

    #[test]
    fn another_engine_has_its_own_entries() {
        let root = tempfile::tempdir().unwrap();
        let first = Cache::open(root.path(), &blake3::hash(b"one")).unwrap();
        put(&first, "a.py", Lang::Python, b"x", 1);
        let second = Cache::open(root.path(), &blake3::hash(b"two")).unwrap();
        assert!(get(&second, "a.py", Lang::Python, b"x").is_none());
        assert!(get(&first, "a.py", Lang::Python, b"x").is_some());
    }
}
