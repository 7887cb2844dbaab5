//! Media conversion tools whose processes are started by local helper functions (rmcp 0.2+).

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const MEDIA_ROOT: &str = "/srv/media";

/// Runs a shell pipeline and returns stdout.
fn sh(line: &str) -> io::Result<String> {
    let out = Command::new("sh").arg("-c").arg(line).output()?; // expect: shell-injection
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a fixed maintenance command inside a directory; callers pass constants only.
fn sh_in(dir: &Path, line: &str) -> io::Result<Output> {
    Command::new("bash").arg("-c").arg(line).current_dir(dir).output()
}

fn git(dir: &Path, args: &[&str]) -> io::Result<Output> {
    Command::new("git").arg("-C").arg(dir).args(args).output()
}

fn ffmpeg_line(input: &str, output: &str, extra: &str) -> String {
    format!("ffmpeg -y -loglevel error -i {MEDIA_ROOT}/{input} {extra} {MEDIA_ROOT}/out/{output}")
}

fn quoted(word: &str) -> String {
    shell_escape::escape(word.to_string().into()).into_owned()
}

pub struct Job {
    pub label: String,
    pub command: String,
}

fn run_job(job: &Job) -> io::Result<Output> {
    tracing::info!(label = %job.label, "starting job");
    std::process::Command::new("/bin/sh").arg("-c").arg(&job.command).output() // expect: shell-injection from=args
}

/// Empties a cache directory; run from the nightly cron entry point, never from a tool.
pub fn purge_cache(dir: &str) -> io::Result<Output> {
    Command::new("sh").arg("-c").arg(format!("rm -rf {dir}/*")).output()
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ConvertArgs {
    /// Input file under the media root
    pub input: String,
    /// Output file name
    pub output: String,
    #[schemars(description = "Extra ffmpeg options, e.g. `-vf scale=640:-1`")]
    pub options: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ProbeArgs {
    /// File under the media root
    pub file: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ThumbArgs {
    /// Image to shrink
    pub image: String,
    /// Target width in pixels
    pub width: u32,
}

#[derive(Clone)]
pub struct MediaServer {
    tool_router: ToolRouter<MediaServer>,
}

fn ok(text: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(text)]))
}

fn fail(e: io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

#[tool_router]
impl MediaServer {
    pub fn new() -> Self {
        Self {
            tool_router: Self::tool_router(),
        }
    }

    #[tool(description = "Transcode a media file with ffmpeg")]
    async fn convert(&self, Parameters(args): Parameters<ConvertArgs>) -> Result<CallToolResult, ErrorData> {
        let extra = args.options.unwrap_or_default();
        let line = ffmpeg_line(&args.input, &args.output, &extra);
        let out = Command::new("sh").arg("-c").arg(&line).output().map_err(fail)?; // expect: shell-injection from=args
        ok(String::from_utf8_lossy(&out.stderr).into_owned())
    }

    #[tool(description = "Show stream information of a media file")]
    async fn probe(&self, Parameters(ProbeArgs { file }): Parameters<ProbeArgs>) -> Result<CallToolResult, ErrorData> {
        let text = sh(&format!("ffprobe -hide_banner {MEDIA_ROOT}/{file} 2>&1")).map_err(fail)?;
        ok(text)
    }

    #[tool(description = "Show stream information, quoting the file name")]
    async fn probe_quoted(&self, p: Parameters<ProbeArgs>) -> Result<CallToolResult, ErrorData> {
        let path = quoted(&format!("{MEDIA_ROOT}/{}", p.0.file));
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("ffprobe -hide_banner {path} 2>&1"))
            .output()
            .map_err(fail)?;
        ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[tool(description = "Make a thumbnail of an image")]
    async fn thumbnail(&self, Parameters(args): Parameters<ThumbArgs>) -> Result<CallToolResult, ErrorData> {
        let job = Job {
            label: format!("thumb-{}", args.width),
            command: format!("convert {MEDIA_ROOT}/{} -resize {}x {MEDIA_ROOT}/thumbs/", args.image, args.width),
        };
        let out = run_job(&job).map_err(fail)?;
        ok(format!("exit status {}", out.status))
    }

    #[tool(description = "Count the files of the media library")]
    async fn library_size(&self) -> Result<CallToolResult, ErrorData> {
        let text = sh(&format!("find {MEDIA_ROOT} -type f | wc -l")).map_err(fail)?;
        ok(text)
    }

    #[tool(description = "Rebuild the thumbnail cache")]
    async fn rebuild_thumbnails(&self) -> Result<CallToolResult, ErrorData> {
        let out = sh_in(&PathBuf::from(MEDIA_ROOT), "make -f thumbs.mk all").map_err(fail)?;
        ok(format!("exit status {}", out.status))
    }

    #[tool(description = "History of one file in the media repository")]
    async fn file_history(&self, Parameters(ProbeArgs { file }): Parameters<ProbeArgs>) -> Result<CallToolResult, ErrorData> {
        let out = git(Path::new(MEDIA_ROOT), &["log", "--oneline", "--", &file]).map_err(fail)?;
        ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[tool(description = "Extract the audio track of a video")]
    async fn extract_audio(&self, Parameters(args): Parameters<ConvertArgs>) -> Result<CallToolResult, ErrorData> {
        let run = |line: String| Command::new("sh").arg("-c").arg(line).output(); // expect: shell-injection from=args
        let out = run(format!("ffmpeg -i {MEDIA_ROOT}/{} -vn -acodec copy {MEDIA_ROOT}/out/{}", args.input, args.output))
            .map_err(fail)?;
        ok(format!("exit status {}", out.status))
    }
}

#[tool_handler]
impl ServerHandler for MediaServer {}
