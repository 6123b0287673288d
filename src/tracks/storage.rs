//! Storage per account: the files a person uploaded and the copies of shared tracks'
//! files synced to them count against their quota (`STORAGE_QUOTA_MB`, 10 GiB by
//! default). An upload or an accepted invitation that would pass it is refused before
//! any byte is stored or copied. Its SQL is in `store/storage.rs`.

use super::store::storage as store;
use crate::error::{AppError, AppResult};
use crate::platform::db::DbConn;
use crate::ui::format::compact_size as size;

/// Bytes `user_id` may still add.
pub async fn room(db: &mut DbConn, user_id: i64, quota: u64) -> AppResult<u64> {
    Ok(quota.saturating_sub(store::used(db, user_id).await?.max(0) as u64))
}

/// The refusal of an upload of `bytes` when `left` of `quota` remains.
pub fn no_room(bytes: u64, left: u64, quota: u64) -> AppError {
    AppError::TooLarge(format!(
        "Not enough storage: this upload is {} and you have {} left of your {}. Remove files you no longer need and try again.",
        size(bytes),
        size(left),
        size(quota)
    ))
}

/// Refuses an upload of `bytes` by `user_id` that would not fit.
pub async fn ensure_upload_fits(
    db: &mut DbConn,
    user_id: i64,
    bytes: u64,
    quota: u64,
) -> AppResult<()> {
    let left = room(db, user_id, quota).await?;
    if bytes > left {
        return Err(no_room(bytes, left, quota));
    }
    Ok(())
}

/// Refuses a new file of `bytes` on `track_id` when a collaborator who would keep a
/// copy (everyone on the track but `uploader_id` and the owner) has no room for it.
pub async fn ensure_copies_fit(
    db: &mut DbConn,
    track_id: i64,
    uploader_id: i64,
    bytes: u64,
    quota: u64,
) -> AppResult<()> {
    let short = store::first_without_room(db, track_id, uploader_id, bytes, quota).await?;
    match short {
        Some((name, used)) => Err(AppError::TooLarge(format!(
            "Not enough storage: {name} has {} left, and everyone on this track keeps a copy of its files.",
            size(quota.saturating_sub(used.max(0) as u64))
        ))),
        None => Ok(()),
    }
}

/// Refuses joining `track_id` when its files would not fit in `user_id`'s storage.
pub async fn ensure_track_fits(
    db: &mut DbConn,
    user_id: i64,
    track_id: i64,
    quota: u64,
) -> AppResult<()> {
    let needed = store::track_bytes(db, track_id).await?;
    let left = room(db, user_id, quota).await?;
    if needed.max(0) as u64 > left {
        return Err(AppError::conflict(format!(
            "Not enough storage to accept: this track's files take {} and you have {} left of your {}. Remove files you no longer need and try again.",
            size(needed as u64),
            size(left),
            size(quota)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(super::size(10 * 1024 * 1024 * 1024), "10 GB");
        assert_eq!(super::size(1_288_490_189), "1.2 GB");
        assert_eq!(super::size(0), "0 B");
    }
}
