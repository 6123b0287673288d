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

    /// Moves the file to `dest` (creating folders). It stays there only once the
    /// caller calls [`Stored::keep`] after its transaction committed: a failure in between
    /// removes it again, so no file outlives a change that rolled back.
    pub async fn persist(mut self, dest: &Path) -> AppResult<Stored> {
        let from = self.0.take().expect("temp file present until persisted");
        if let Some(dir) = dest.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::rename(&from, dest).await?;
        Ok(Stored(Some(dest.to_path_buf())))
    }
}

/// An upload moved to its place, removed on drop unless kept.
#[must_use = "call keep() once the transaction that records the file has committed"]
pub struct Stored(Option<PathBuf>);

impl Stored {
    /// The transaction that records the file committed: keep it.
    pub fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Stored {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            tracing::debug!(
                "removing upload of a change that did not commit: {}",
                p.display()
            );
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Removes temporary upload files older than `age` from `tmp_dir` (what a crash in the
/// middle of an upload leaves behind). Returns how many.
pub async fn sweep_temp(tmp_dir: &Path, age: std::time::Duration) -> usize {
    let Ok(mut entries) = tokio::fs::read_dir(tmp_dir).await else {
        return 0;
    };
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let old = entry
            .metadata()
            .await
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|elapsed| elapsed >= age);
        let ours = entry.file_name().to_string_lossy().starts_with("upload-");
        if old && ours && tokio::fs::remove_file(entry.path()).await.is_ok() {
            removed += 1;
        }
    }
    removed
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

/// The longest text field (a description, a message).
const FIELD_LIMIT: usize = 64 * 1024;
/// All text fields together: a form is a few fields, never a way to fill memory.
const TEXT_LIMIT: usize = 256 * 1024;
/// The most fields (text and file) a form may have.
const MAX_FIELDS: usize = 32;

fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    // Control characters and text-direction overrides (`gnp.\u{202E}exe`) go.
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .take(200)
        .collect();
    match crate::text::line(&cleaned, 200) {
        Ok(name) => name,
        Err(_) => "file".into(),
    }
}

/// Reads an upload form: `file_field` is streamed into the app's temporary upload
/// folder; more than `limit` bytes is 413.
pub async fn read_form(
    config: &super::Config,
    data: MultipartData,
    file_field: &str,
    limit: u64,
) -> AppResult<Form> {
    read(data, file_field, &config.uploads_dir().join("tmp"), limit).await
}

/// `read_form` into `tmp_dir`.
async fn read(
    data: MultipartData,
    file_field: &str,
    tmp_dir: &Path,
    limit: u64,
) -> AppResult<Form> {
    let mut mp = data
        .into_inner()
        .ok_or_else(|| AppError::invalid("Expected a form upload."))?;
    let mut form = Form::default();
    let (mut fields, mut text_total) = (0usize, 0usize);
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(AppError::invalid("The form has too many fields."));
        }
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field && field.file_name().is_some_and(|f| !f.is_empty()) {
            if form.file.is_some() {
                return Err(AppError::invalid("Upload one file at a time."));
            }
            tokio::fs::create_dir_all(tmp_dir).await?;
            let temp = TempFile(Some(
                tmp_dir.join(format!("upload-{}", crate::platform::tokens::new_token())),
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
            if form.fields.contains_key(&name) {
                return Err(AppError::invalid("A form field was sent twice."));
            }
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if text.len() + chunk.len() > FIELD_LIMIT {
                    return Err(AppError::invalid("A form field is too long."));
                }
                text_total += chunk.len();
                if text_total > TEXT_LIMIT {
                    return Err(AppError::TooLarge("The form is too large.".into()));
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
    #[tokio::test]
    async fn stored_files_go_unless_kept_and_old_temp_files_are_swept() {
        let dir = std::env::temp_dir().join(format!(
            "pd-upload-{}",
            crate::platform::tokens::new_token()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let temp = |name: &str| {
            let p = dir.join(name);
            std::fs::write(&p, b"x").unwrap();
            super::TempFile(Some(p))
        };
        let dropped = temp("upload-a").persist(&dir.join("kept/a")).await.unwrap();
        drop(dropped);
        assert!(!dir.join("kept/a").exists());
        temp("upload-b")
            .persist(&dir.join("kept/b"))
            .await
            .unwrap()
            .keep();
        assert!(dir.join("kept/b").exists());
        std::fs::write(dir.join("upload-left"), b"x").unwrap();
        std::fs::write(dir.join("other"), b"x").unwrap();
        assert_eq!(
            super::sweep_temp(&dir, std::time::Duration::from_secs(3600)).await,
            0
        );
        assert_eq!(super::sweep_temp(&dir, std::time::Duration::ZERO).await, 1);
        assert!(dir.join("other").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_lose_their_paths() {
        assert_eq!(super::clean_name("C:\\x\\beat.wav"), "beat.wav");
        assert_eq!(super::clean_name("../../etc/passwd"), "passwd");
        assert_eq!(super::clean_name(""), "file");
        assert_eq!(
            super::clean_name("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        assert_eq!(super::clean_name("\u{200B}"), "file");
        assert_eq!(super::clean_name("a\0b\r\n.wav"), "ab.wav");
    }
}
