//! Reads a multipart form: text fields into memory, the file field streamed to disk
//! with a hard size limit.

use crate::error::{AppError, AppResult};
use leptos::server_fn::codec::MultipartData;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

pub struct Upload {
    /// The name the person's file had, cleaned of path parts.
    pub file_name: String,
    pub declared_mime: String,
    pub size: u64,
    /// A temporary file; move it with `persist` or it is deleted on drop.
    pub temp: TempFile,
}

pub struct TempFile(Option<PathBuf>);

impl TempFile {
    pub fn path(&self) -> &Path {
        self.0
            .as_deref()
            .expect("temp file present until persisted")
    }

    /// Moves the file to `dest` (creating folders) and keeps it.
    pub async fn persist(mut self, dest: &Path) -> AppResult<()> {
        let from = self.0.take().expect("temp file present until persisted");
        if let Some(dir) = dest.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::rename(&from, dest).await?;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[derive(Default)]
pub struct Form {
    pub fields: HashMap<String, String>,
    pub file: Option<Upload>,
}

impl Form {
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

fn bad(e: impl std::fmt::Display) -> AppError {
    tracing::debug!("multipart: {e}");
    AppError::invalid("The upload was interrupted or malformed. Please try again.")
}

const FIELD_LIMIT: usize = 64 * 1024;

fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// Reads the form. `file_field` is streamed to `tmp_dir`; more than `limit` bytes is 413.
pub async fn read(
    data: MultipartData,
    file_field: &str,
    tmp_dir: &Path,
    limit: u64,
) -> AppResult<Form> {
    let mut mp = data
        .into_inner()
        .ok_or_else(|| AppError::invalid("Expected a form upload."))?;
    let mut form = Form::default();
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field && field.file_name().is_some_and(|f| !f.is_empty()) {
            if form.file.is_some() {
                return Err(AppError::invalid("Upload one file at a time."));
            }
            tokio::fs::create_dir_all(tmp_dir).await?;
            let temp = TempFile(Some(
                tmp_dir.join(format!("upload-{}", crate::auth::session::new_token())),
            ));
            let mut out = tokio::fs::File::create(temp.path()).await?;
            let mut size: u64 = 0;
            let file_name = clean_name(field.file_name().unwrap_or(""));
            let declared_mime = field
                .content_type()
                .map(|m| m.to_string())
                .unwrap_or_default();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                size += chunk.len() as u64;
                if size > limit {
                    return Err(AppError::TooLarge(format!(
                        "{file_name} is larger than the {} limit.",
                        crate::ui::format::human_size(limit)
                    )));
                }
                out.write_all(&chunk).await?;
            }
            out.flush().await?;
            form.file = Some(Upload {
                file_name,
                declared_mime,
                size,
                temp,
            });
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if text.len() + chunk.len() > FIELD_LIMIT {
                    return Err(AppError::invalid("A form field is too long."));
                }
                text.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(text)
                .map_err(|_| AppError::invalid("A form field is not valid text."))?;
            form.fields.insert(name, text);
        }
    }
    Ok(form)
}

/// The image type of a file by its first bytes (never by what the browser claimed).
pub async fn sniff_image(path: &Path) -> AppResult<Option<&'static str>> {
    use tokio::io::AsyncReadExt;
    let mut head = [0u8; 12];
    let mut f = tokio::fs::File::open(path).await?;
    let n = f.read(&mut head).await?;
    let h = &head[..n];
    Ok(if h.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if h.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if h.starts_with(b"GIF87a") || h.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if n >= 12 && &h[..4] == b"RIFF" && &h[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_lose_their_paths() {
        assert_eq!(super::clean_name("C:\\x\\beat.wav"), "beat.wav");
        assert_eq!(super::clean_name("../../etc/passwd"), "passwd");
        assert_eq!(super::clean_name(""), "file");
    }
}
