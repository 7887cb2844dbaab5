//! Static-site content tools with path checks, some sound and some not (rmcp 0.2+).

use std::path::{Component, Path, PathBuf};

use rmcp::{
    ErrorData, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{CallToolResult, Content},
    schemars, tool, tool_handler, tool_router,
};
use serde::Deserialize;

const SITE_ROOT: &str = "/srv/site";
const CONFIG_FILES: [&str; 3] = ["config.toml", "menus.toml", "params.toml"];

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PageArgs {
    /// Path of a page below the site root
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UploadArgs {
    /// File name for the upload
    pub filename: String,
    /// File contents
    pub data: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PublishArgs {
    /// Draft to publish
    pub draft: String,
    /// Where the page goes under content/
    pub target: String,
}

#[derive(Clone)]
pub struct Site {
    /// Canonical site root.
    root: PathBuf,
    tool_router: ToolRouter<Site>,
}

fn denied() -> ErrorData {
    ErrorData::invalid_params("path escapes the site root", None)
}

fn io(e: std::io::Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

fn reply(s: String) -> Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![Content::text(s)]))
}

/// True when `candidate` resolves to a location inside `root`.
fn is_inside(root: &Path, candidate: &Path) -> bool {
    match std::fs::canonicalize(candidate) {
        Ok(real) => real.starts_with(root),
        Err(_) => false,
    }
}

#[tool_router]
impl Site {
    pub fn new() -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(SITE_ROOT)?,
            tool_router: Self::tool_router(),
        })
    }

    // --- Sound checks ------------------------------------------------------------------------

    #[tool(description = "Read a content page")]
    fn read_page(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let canon = std::fs::canonicalize(self.root.join("content").join(&path)).map_err(io)?;
        if !canon.starts_with(&self.root) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(&canon).map_err(io)?)
    }

    #[tool(description = "Read a layout partial")]
    fn read_partial(&self, Parameters(args): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let partials = dunce::canonicalize(self.root.join("layouts/partials")).map_err(io)?;
        let real = dunce::canonicalize(partials.join(&args.path)).map_err(io)?;
        if !real.starts_with(&partials) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(real).map_err(io)?)
    }

    #[tool(description = "Write a content page")]
    fn write_page(&self, Parameters(args): Parameters<UploadArgs>) -> Result<CallToolResult, ErrorData> {
        let rel = Path::new(&args.filename);
        for c in rel.components() {
            match c {
                Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                    return Err(denied());
                }
                _ => {}
            }
        }
        std::fs::write(self.root.join("content").join(rel), args.data.as_bytes()).map_err(io)?;
        reply("saved".into())
    }

    #[tool(description = "Store an image in static/img")]
    fn upload_image(&self, Parameters(args): Parameters<UploadArgs>) -> Result<CallToolResult, ErrorData> {
        let name = Path::new(&args.filename).file_name().ok_or_else(denied)?;
        std::fs::write(self.root.join("static/img").join(name), args.data.as_bytes()).map_err(io)?;
        reply(format!("/img/{}", name.to_string_lossy()))
    }

    #[tool(description = "Read one of the site configuration files")]
    fn read_config(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        if !CONFIG_FILES.contains(&path.as_str()) {
            return Err(ErrorData::invalid_params("unknown configuration file", None));
        }
        reply(std::fs::read_to_string(self.root.join(&path)).map_err(io)?)  // safe: path-traversal
    }

    #[tool(description = "Read the robots or sitemap file")]
    fn read_meta(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let file = match path.as_str() {
            "robots" => "static/robots.txt",
            "sitemap" => "public/sitemap.xml",
            _ => return Err(ErrorData::invalid_params("robots or sitemap", None)),
        };
        reply(std::fs::read_to_string(self.root.join(file)).map_err(io)?)
    }

    #[tool(description = "Read an archetype")]
    fn read_archetype(&self, p: Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let candidate = self.root.join("archetypes").join(&p.0.path);
        if !is_inside(&self.root, &candidate) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(&candidate).map_err(io)?)
    }

    // --- Flawed checks -----------------------------------------------------------------------

    #[tool(description = "Read a layout template")]
    fn read_layout(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let joined = self.root.join("layouts").join(&path);
        // `..` components are still in the path, so the lexical check passes.
        if !joined.starts_with(&self.root) {  // expect: path-traversal
            return Err(denied());
        }
        reply(std::fs::read_to_string(&joined).map_err(io)?)
    }

    #[tool(description = "Read a data file")]
    fn read_data(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let joined = self.root.join("data").join(&path);
        let real = std::fs::canonicalize(&joined).unwrap_or_else(|_| joined.clone());
        if !real.starts_with(&self.root) {
            return Err(denied());
        }
        reply(std::fs::read_to_string(&real).map_err(io)?)  // expect: path-traversal
    }

    #[tool(description = "Delete a draft")]
    fn delete_draft(&self, Parameters(args): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        if Path::new(&args.path).is_absolute() {
            return Err(denied());
        }
        std::fs::remove_file(self.root.join("drafts").join(&args.path)).map_err(io)?; // expect: path-traversal from=args
        reply("deleted".into())
    }

    #[tool(description = "Read a static asset")]
    fn read_asset(&self, Parameters(args): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(self.root.join(&args.path)).map_err(io)?;
        let real_str = real.to_string_lossy().to_string();
        // No separator: /srv/site-backup/... also starts with /srv/site.
        if !real_str.starts_with(SITE_ROOT) {  // expect: path-traversal from=args
            return Err(denied());
        }
        reply(std::fs::read_to_string(&real_str).map_err(io)?)
    }

    #[tool(description = "Read an i18n file")]
    fn read_i18n(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        if path.contains("..") {
            return Err(denied());
        }
        // An absolute path replaces the base in `join`.
        reply(std::fs::read_to_string(self.root.join("i18n").join(&path)).map_err(io)?) // expect: path-traversal
    }

    #[tool(description = "Read a draft")]
    fn read_draft(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let cleaned = path.replace("../", "");
        // "....//" becomes "../" after the replacement.
        reply(std::fs::read_to_string(self.root.join("drafts").join(cleaned)).map_err(io)?) // expect: path-traversal
    }

    #[tool(description = "Read a theme file")]
    fn read_theme(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(self.root.join("themes").join(&path)).map_err(io)?;
        tracing::debug!(path = %real.display(), "reading theme file");
        reply(std::fs::read_to_string(real).map_err(io)?) // expect: path-traversal
    }

    #[tool(description = "Read a menu definition")]
    fn read_menu(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        let real = std::fs::canonicalize(self.root.join("menus").join(&path)).map_err(io)?;
        if !real.starts_with(&self.root) {
            tracing::warn!(path = %real.display(), "menu outside the site");
        }
        reply(std::fs::read_to_string(&real).map_err(io)?) // expect: path-traversal
    }

    #[tool(description = "Publish a draft as a page")]
    fn publish(&self, Parameters(args): Parameters<PublishArgs>) -> Result<CallToolResult, ErrorData> {
        let draft = std::fs::canonicalize(self.root.join("drafts").join(&args.draft)).map_err(io)?;
        if !draft.starts_with(&self.root) {
            return Err(denied());
        }
        // The draft is checked; the target is not.
        std::fs::copy(&draft, self.root.join("content").join(&args.target)).map_err(io)?; // expect: path-traversal from=args
        reply("published".into())
    }

    #[tool(description = "Read a shortcode template")]
    fn read_shortcode(&self, Parameters(PageArgs { path }): Parameters<PageArgs>) -> Result<CallToolResult, ErrorData> {
        if Path::new(&path).components().any(|c| c == Component::ParentDir) {
            return Err(denied());
        }
        // Root components are not rejected, and an absolute path replaces the base.
        reply(std::fs::read_to_string(self.root.join("layouts/shortcodes").join(&path)).map_err(io)?) // expect: path-traversal
    }
}

#[tool_handler]
impl ServerHandler for Site {}
