//! The summary cache: what the per-file phase made of each file (its findings, summary and
//! suppressions) and what the project phase's second round made of it, kept on disk so that a
//! second run parses only the files that changed.
//!
//! Layout: `<dir>/v2/<engine>/pack`, where `<engine>` is a digest of everything besides the
//! files that shapes a result (mcplint's version and build, the catalog with its
//! `extend-catalog` files, the enabled rules). The pack holds one entry per file (by language
//! and displayed path): the digest of the bytes it was made from, the per-file result, and the
//! second-round result with the digest of its bytes (the engine checks that the facts of other
//! files it was made from still hold). It is one zstd-compressed file, as ruff keeps one cache
//! file per package: thousands of small files would take a disk block each, several times the
//! size of what they hold.
//!
//! The pack is read whole when the cache is opened. What a run stores waits in an unnamed
//! temporary file of the folder (see [`Spill`]), not in memory, and the pack is written again,
//! only when a run stored something, by [`Cache::persist`]: merged with the pack then on disk (another run's entries
//! are kept), entries unused for [`STALE_AFTER`] dropped, written to a temporary file and
//! renamed into place, so concurrent runs never see half a pack. A pack that is truncated,
//! corrupt or of another format is ignored (every file is analysed) and rewritten, never
//! trusted. Engine folders not written to for [`STALE_AFTER`] are removed when a cache is opened.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mcplint_ir::Lang;
use mcplint_rules::{FileResult, SecondRound};
use serde::{Deserialize, Serialize};

/// The default folder name, at the project root (the configuration file's folder, or the
/// working directory).
pub(crate) const DEFAULT_DIR: &str = ".mcplint_cache";

/// The environment variable that sets the cache folder (`--cache-dir` wins over it).
pub(crate) const DIR_ENV: &str = "MCPLINT_CACHE_DIR";

/// The version of the pack format: a folder per version.
const FORMAT: &str = "v2";

/// The first bytes of a pack.
const MAGIC: &[u8; 16] = b"mcplint-cache-v2";

/// The pack's file name in an engine folder.
const PACK: &str = "pack";

/// Entries and engine folders not used for this long are removed.
const STALE_AFTER: Duration = Duration::from_hours(7 * 24);

/// A temporary pack this old is one a run left behind when it was stopped while writing.
const ABANDONED_AFTER: Duration = Duration::from_hours(1);

/// The zstd level of the results a run keeps in its [`Spill`]: the fastest.
const HELD_LEVEL: i32 = 1;

/// The zstd level of a pack: zstd's default, a quarter of the size at a few milliseconds per
/// megabyte.
const ZSTD_LEVEL: i32 = 3;

/// What the cache keeps of one analysed file's per-file phase.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The per-file result.
    pub(crate) result: FileResult,
    /// The file's notices of the per-file phase (a syntax error), as messages.
    pub(crate) notices: Vec<String>,
    /// The file's line count.
    pub(crate) lines: u64,
}

/// [`Entry`] as written (borrowed; postcard is positional: it must list the same fields in the
/// same order as [`StoredEntry`]).
#[derive(Serialize)]
struct StoredEntryRef<'a> {
    result: &'a FileResult,
    notices: &'a [String],
    lines: u64,
}

/// [`Entry`] as read.
#[derive(Deserialize)]
struct StoredEntry {
    result: FileResult,
    notices: Vec<String>,
    lines: u64,
}

/// One file's entry in the pack. Results are kept encoded and decoded only when asked for.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Packed {
    /// When a run last used or wrote the entry, in seconds since the Unix epoch.
    used: u64,
    /// The digest of the bytes the per-file result was made from, and the result (a
    /// [`StoredEntry`]), if any.
    first: Option<([u8; 32], Vec<u8>)>,
    /// The digest of the bytes the second-round result was made from, and the result (a
    /// [`SecondRound`]), if any.
    second: Option<([u8; 32], Vec<u8>)>,
}

/// The pack as written: every entry by key (see [`key`]), in key order.
#[derive(Default, Serialize, Deserialize)]
struct Pack {
    entries: Vec<(String, Packed)>,
}

/// An open cache for one engine.
#[derive(Debug)]
pub(crate) struct Cache {
    /// `<dir>/v2/<engine>`.
    dir: PathBuf,
    /// The pack as read when the cache was opened.
    loaded: HashMap<String, Packed>,
    /// The pack file's length and modification time then, if it existed.
    loaded_stamp: Option<(u64, SystemTime)>,
    /// Keys of loaded entries this run used.
    used: Mutex<Vec<String>>,
    /// What this run stored, kept on disk until [`Cache::persist`] (see [`Spill`]).
    spill: Mutex<Spill>,
}

/// The results a run stores, written as they come to an unnamed temporary file of the cache
/// folder, each compressed on its own, rather than held in memory until the run ends (they
/// took a tenth of the peak memory of a cold run on a million lines).
#[derive(Debug, Default)]
struct Spill {
    /// The file (`None` when it could not be created: nothing is stored).
    file: Option<io::BufWriter<fs::File>>,
    /// Bytes written so far.
    len: u64,
    /// Where each key's per-file and second-round results are in the file.
    index: HashMap<String, [Option<Spilled>; 2]>,
}

/// Where [`Spill`] wrote one result: the digest of the bytes it was made from, its offset and
/// its length.
type Spilled = ([u8; 32], u64, u64);

impl Spill {
    /// Appends `value` (encoded and compressed) as result `which` (0: per-file, 1: second
    /// round) of `key`.
    fn add(&mut self, key: String, which: usize, content: &blake3::Hash, value: &impl Serialize) {
        let (Some(file), Some(data)) = (self.file.as_mut(), encode_held(value)) else {
            return;
        };
        if file.write_all(&data).is_err() {
            self.file = None;
            return;
        }
        let len = data.len() as u64;
        self.index.entry(key).or_default()[which] = Some((*content.as_bytes(), self.len, len));
        self.len += len;
    }

    /// Every stored entry, its results read back and decompressed, as the pack holds them.
    fn entries(self) -> Vec<(String, Packed)> {
        let Some(file) = self.file else {
            return Vec::new();
        };
        let mut data = Vec::new();
        let read = file
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|mut f| {
                f.seek(io::SeekFrom::Start(0))?;
                f.read_to_end(&mut data)
            });
        if read.is_err() {
            return Vec::new();
        }
        let result = |at: Option<Spilled>| -> Option<([u8; 32], Vec<u8>)> {
            let (content, offset, len) = at?;
            let start = usize::try_from(offset).ok()?;
            let bytes = data.get(start..start.checked_add(usize::try_from(len).ok()?)?)?;
            Some((content, zstd::stream::decode_all(bytes).ok()?))
        };
        self.index
            .into_iter()
            .map(|(key, [first, second])| {
                let packed = Packed {
                    used: 0,
                    first: result(first),
                    second: result(second),
                };
                (key, packed)
            })
            .collect()
    }
}

impl Cache {
    /// Opens (creating it when missing) the cache in `root` for the engine described by
    /// `engine` (see [`engine_digest`]) and reads its pack. The folder gets a `.gitignore`
    /// that ignores it all and a `CACHEDIR.TAG`, as ruff's does.
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
        let loaded_stamp = stamp(&dir.join(PACK));
        let loaded = read_pack(&dir.join(PACK)).entries.into_iter().collect();
        let spill = Spill {
            file: tempfile::tempfile_in(&dir).ok().map(io::BufWriter::new),
            ..Spill::default()
        };
        Ok(Cache {
            dir,
            loaded,
            loaded_stamp,
            used: Mutex::default(),
            spill: Mutex::new(spill),
        })
    }

    /// The entry of the file shown as `path` in language `lang` whose bytes have digest
    /// `content`, if one was stored for exactly those bytes and decodes.
    pub(crate) fn get(&self, path: &str, lang: Lang, content: &blake3::Hash) -> Option<Entry> {
        let key = key(path, lang);
        let stored: StoredEntry = made_from(self.loaded.get(&key)?.first.as_ref(), content)?;
        lock(&self.used).push(key);
        Some(Entry {
            result: stored.result,
            notices: stored.notices,
            lines: stored.lines,
        })
    }

    /// Stores what the per-file phase made of the file shown as `path` whose bytes have
    /// digest `content` (written by [`Cache::persist`]).
    pub(crate) fn put(
        &self,
        path: &str,
        lang: Lang,
        content: &blake3::Hash,
        result: &FileResult,
        notices: &[String],
        lines: u64,
    ) {
        let stored = StoredEntryRef {
            result,
            notices,
            lines,
        };
        lock(&self.spill).add(key(path, lang), 0, content, &stored);
    }

    /// The second-round result of the file shown as `path` in language `lang` whose bytes
    /// have digest `content`, if one was stored for exactly those bytes and decodes (whether
    /// the facts of other files it was made from still hold is the engine's to check).
    pub(crate) fn get_second_round(
        &self,
        path: &str,
        lang: Lang,
        content: &blake3::Hash,
    ) -> Option<SecondRound> {
        made_from(self.loaded.get(&key(path, lang))?.second.as_ref(), content)
    }

    /// Stores the project phase's second-round result of the file shown as `path` whose bytes
    /// have digest `content` (written by [`Cache::persist`]).
    pub(crate) fn put_second_round(
        &self,
        path: &str,
        lang: Lang,
        content: &blake3::Hash,
        round: &SecondRound,
    ) {
        lock(&self.spill).add(key(path, lang), 1, content, round);
    }

    /// Writes what this run stored, when it stored anything: the pack this run read, and the
    /// pack now on disk if another run wrote it since, with this run's entries over them, the
    /// entries it used marked as used now, and the entries unused for [`STALE_AFTER`] left out. Best effort: a failure to write leaves the previous pack
    /// and is not an error of the run.
    pub(crate) fn persist(self) {
        let spill = unlock(self.spill);
        if spill.index.is_empty() {
            return;
        }
        let stored = spill.entries();
        let now = unix_now();
        let pack = self.dir.join(PACK);
        let mut entries = self.loaded;
        // Another run wrote the pack since this one read it: its entries are kept too, and
        // win over the older ones this run read.
        if stamp(&pack) != self.loaded_stamp {
            entries.extend(read_pack(&pack).entries);
        }
        for key in unlock(self.used) {
            if let Some(entry) = entries.get_mut(&key) {
                entry.used = now;
            }
        }
        for (key, new) in stored {
            let entry = entries.entry(key).or_default();
            entry.used = now;
            if let Some(first) = new.first {
                // A second-round result of other bytes can never be used again.
                if entry.second.as_ref().is_some_and(|(c, _)| *c != first.0) {
                    entry.second = None;
                }
                entry.first = Some(first);
            }
            if new.second.is_some() {
                entry.second = new.second;
            }
        }
        let mut pack = Pack {
            entries: entries
                .into_iter()
                .filter(|(_, e)| now.saturating_sub(e.used) <= STALE_AFTER.as_secs())
                .collect(),
        };
        pack.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let _ = write_pack(&self.dir, &pack);
    }
}

/// `value` encoded and compressed on its own, as a [`Spill`] keeps it.
fn encode_held(value: &impl Serialize) -> Option<Vec<u8>> {
    thread_local! {
        /// A buffer and a compressor per thread, reused: a fresh pair per file left the
        /// allocator's pages fragmented (a tenth more peak memory on a million lines).
        static HOLDER: RefCell<Option<(Vec<u8>, zstd::bulk::Compressor<'static>)>> =
            const { RefCell::new(None) };
    }
    HOLDER.with_borrow_mut(|holder| {
        if holder.is_none() {
            *holder = Some((Vec::new(), zstd::bulk::Compressor::new(HELD_LEVEL).ok()?));
        }
        let (buffer, compressor) = holder.as_mut()?;
        buffer.clear();
        let encoded = postcard::to_extend(value, std::mem::take(buffer)).ok()?;
        let held = compressor.compress(&encoded).ok();
        *buffer = encoded;
        held.map(|mut held| {
            held.shrink_to_fit();
            held
        })
    })
}
/// The length and modification time of the file at `path`, if it exists.
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// An entry's key in the pack: the language's name and the displayed path.
fn key(path: &str, lang: Lang) -> String {
    format!("{}:{path}", lang.name())
}

/// Locks `m`; a panic of another thread while it held the lock leaves a map that is still
/// whole (every change is one insertion).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `m`'s value, whole even if a thread panicked while holding it (see [`lock`]).
fn unlock<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A result kept in an entry (its content digest and encoding), decoded, if it was made from
/// the bytes whose digest is `content`.
fn made_from<T: serde::de::DeserializeOwned>(
    kept: Option<&([u8; 32], Vec<u8>)>,
    content: &blake3::Hash,
) -> Option<T> {
    let (made_from, data) = kept?;
    if made_from != content.as_bytes() {
        return None;
    }
    postcard::from_bytes(data).ok()
}

/// Seconds since the Unix epoch.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The pack at `path`, or an empty one when it is missing or does not read back whole: the
/// magic bytes, a zstd frame, and a checksum of both.
fn read_pack(path: &Path) -> Pack {
    let Ok(data) = fs::read(path) else {
        return Pack::default();
    };
    let whole = || -> Option<Pack> {
        let (body, sum) = data.split_at_checked(data.len().checked_sub(32)?)?;
        if blake3::hash(body).as_bytes() != sum {
            return None;
        }
        let frame = body.strip_prefix(MAGIC)?;
        let decoded = zstd::stream::decode_all(frame).ok()?;
        postcard::from_bytes(&decoded).ok()
    };
    whole().unwrap_or_default()
}

/// Writes `pack` to `dir`'s pack file: to a temporary file of the folder, encoded and
/// compressed as it goes (never whole in memory), then renamed into place.
fn write_pack(dir: &Path, pack: &Pack) -> io::Result<()> {
    let tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    let mut out = Checksummed {
        inner: io::BufWriter::new(tmp),
        hasher: blake3::Hasher::new(),
    };
    out.write_all(MAGIC)?;
    // postcard writes a few bytes at a time: zstd is given them in large pieces.
    let mut encoder =
        io::BufWriter::with_capacity(1 << 16, zstd::stream::Encoder::new(out, ZSTD_LEVEL)?);
    postcard::to_io(pack, &mut encoder).map_err(io::Error::other)?;
    let out = encoder
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .finish()?;
    let sum = out.hasher.finalize();
    let mut file = out.inner;
    file.write_all(sum.as_bytes())?;
    let tmp = file.into_inner().map_err(io::IntoInnerError::into_error)?;
    tmp.persist(dir.join(PACK)).map_err(|e| e.error)?;
    Ok(())
}

/// A writer that keeps a checksum of what passes through it.
struct Checksummed<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: io::Write> io::Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
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
/// [`STALE_AFTER`], and the temporary packs in `keep` that a run stopped while writing left
/// behind more than [`ABANDONED_AFTER`] ago (best effort: another run may be removing them too).
fn remove_stale(versions: &Path, keep: &Path) {
    let older_than = |entry: &fs::DirEntry, limit: Duration| {
        entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > limit)
    };
    for entry in fs::read_dir(versions).into_iter().flatten().flatten() {
        if entry.path() != keep && older_than(&entry, STALE_AFTER) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    for entry in fs::read_dir(keep).into_iter().flatten().flatten() {
        let temporary = entry.file_name().to_string_lossy().starts_with(".tmp-");
        if temporary && older_than(&entry, ABANDONED_AFTER) {
            let _ = fs::remove_file(entry.path());
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

    fn open(root: &Path, engine: &str) -> Cache {
        Cache::open(root, &blake3::hash(engine.as_bytes())).unwrap()
    }

    #[test]
    fn an_entry_reads_back_for_the_same_bytes_only() {
        let root = tempfile::tempdir().unwrap();
        let cache = open(root.path(), "engine");
        put(&cache, "a.py", Lang::Python, b"x = 1\n", 1);
        cache.persist();
        let cache = open(root.path(), "engine");
        let got = get(&cache, "a.py", Lang::Python, b"x = 1\n").expect("a hit");
        assert_eq!(got.lines, 1);
        assert_eq!(got.notices, [NOTICE]);
        assert!(get(&cache, "a.py", Lang::Python, b"x = 2\n").is_none());
        assert!(get(&cache, "b.py", Lang::Python, b"x = 1\n").is_none());
        assert!(get(&cache, "a.py", Lang::TypeScript, b"x = 1\n").is_none());
        assert!(root.path().join(".gitignore").is_file());
    }

    #[test]
    fn a_run_that_stores_nothing_leaves_the_pack_alone() {
        let root = tempfile::tempdir().unwrap();
        let cache = open(root.path(), "engine");
        put(&cache, "a.py", Lang::Python, b"x", 1);
        let dir = cache.dir.clone();
        cache.persist();
        let before = fs::read(dir.join(PACK)).unwrap();
        let cache = open(root.path(), "engine");
        assert!(get(&cache, "a.py", Lang::Python, b"x").is_some());
        fs::remove_file(dir.join(PACK)).unwrap();
        cache.persist();
        assert!(
            !dir.join(PACK).exists(),
            "a run without news wrote the pack"
        );
        fs::write(dir.join(PACK), &before).unwrap();
    }

    #[test]
    fn runs_that_overlap_keep_each_others_entries() {
        let root = tempfile::tempdir().unwrap();
        let first = open(root.path(), "engine");
        let second = open(root.path(), "engine");
        put(&first, "a.py", Lang::Python, b"a", 1);
        put(&second, "b.py", Lang::Python, b"b", 2);
        first.persist();
        second.persist();
        let cache = open(root.path(), "engine");
        assert!(get(&cache, "a.py", Lang::Python, b"a").is_some());
        assert!(get(&cache, "b.py", Lang::Python, b"b").is_some());
    }

    #[test]
    fn a_corrupt_or_truncated_pack_is_ignored_then_rewritten() {
        let root = tempfile::tempdir().unwrap();
        let cache = open(root.path(), "engine");
        put(&cache, "a.py", Lang::Python, b"x", 7);
        let file = cache.dir.join(PACK);
        cache.persist();
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
            let cache = open(root.path(), "engine");
            assert!(get(&cache, "a.py", Lang::Python, b"x").is_none());
        }
        let cache = open(root.path(), "engine");
        put(&cache, "a.py", Lang::Python, b"x", 7);
        cache.persist();
        let cache = open(root.path(), "engine");
        assert_eq!(get(&cache, "a.py", Lang::Python, b"x").unwrap().lines, 7);
    }

    #[test]
    fn another_engine_has_its_own_entries() {
        let root = tempfile::tempdir().unwrap();
        let first = open(root.path(), "one");
        put(&first, "a.py", Lang::Python, b"x", 1);
        first.persist();
        let second = open(root.path(), "two");
        assert!(get(&second, "a.py", Lang::Python, b"x").is_none());
        assert!(get(&open(root.path(), "one"), "a.py", Lang::Python, b"x").is_some());
    }

    #[test]
    fn entries_unused_for_a_week_are_dropped() {
        let root = tempfile::tempdir().unwrap();
        let cache = open(root.path(), "engine");
        let dir = cache.dir.clone();
        let old = Packed {
            used: unix_now() - STALE_AFTER.as_secs() - 60,
            first: Some((*blake3::hash(b"x").as_bytes(), Vec::new())),
            second: None,
        };
        let pack = Pack {
            entries: vec![(key("gone.py", Lang::Python), old)],
        };
        write_pack(&dir, &pack).unwrap();
        let cache = open(root.path(), "engine");
        put(&cache, "a.py", Lang::Python, b"a", 1);
        cache.persist();
        let keys: Vec<String> = read_pack(&dir.join(PACK))
            .entries
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, [key("a.py", Lang::Python)]);
    }

    #[test]
    fn temporary_packs_left_behind_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = open(root.path(), "engine").dir.clone();
        let abandoned = dir.join(".tmp-abandoned");
        let writing = dir.join(".tmp-writing");
        for path in [&abandoned, &writing] {
            fs::write(path, b"half a pack").unwrap();
        }
        let long_ago = SystemTime::now() - ABANDONED_AFTER - Duration::from_mins(1);
        fs::File::options()
            .write(true)
            .open(&abandoned)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        open(root.path(), "engine");
        assert!(!abandoned.exists(), "an abandoned temporary pack was kept");
        assert!(writing.exists(), "another run's temporary pack was removed");
    }
}
