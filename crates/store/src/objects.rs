//! Objects: opaque blobs addressed by their SHA-256, stored once however many
//! revisions share them, and re-hashed on every read.

use crate::store::lock_ignoring_poison;
use crate::{hash_bytes, to_hex, Hash, NewRevision, Store, StoreError};

impl Store {
    /// Stores blobs content-addressed. Idempotent; returns their hashes in order.
    pub fn put_objects(&self, objects: &[Vec<u8>]) -> Result<Vec<Hash>, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        let hashes = self.insert_objects(objects)?;
        self.make_durable()?;
        Ok(hashes)
    }

    /// Writes the blobs without making them durable: the caller's next
    /// durable write does.
    pub(crate) fn insert_objects(&self, objects: &[Vec<u8>]) -> Result<Vec<Hash>, StoreError> {
        let mut hashes = Vec::with_capacity(objects.len());
        for bytes in objects {
            let h = hash_bytes(bytes);
            // Comparing against the new bytes (which hash to the key) both
            // skips the rewrite and heals a damaged copy.
            let intact =
                matches!(self.objects.get(h)?, Some(old) if old.as_ref() == bytes.as_slice());
            if !intact {
                self.objects.insert(h, bytes.as_slice())?;
            }
            hashes.push(h);
        }
        Ok(hashes)
    }

    /// The blob with this hash, re-hashed on the way out.
    pub fn object(&self, hash: &Hash) -> Result<Vec<u8>, StoreError> {
        match self.objects.get(hash)? {
            None => Err(StoreError::NotFound(format!("đối tượng {}", to_hex(hash)))),
            Some(bytes) => {
                if hash_bytes(&bytes) != *hash {
                    return Err(StoreError::Corrupt(format!(
                        "objects/{}: nội dung không khớp mã băm",
                        to_hex(hash)
                    )));
                }
                Ok(bytes.to_vec())
            }
        }
    }

    /// Checks that the root will be stored, *before* anything is written, so
    /// that a refused save leaves no trace.
    pub(crate) fn require_root(&self, rev: &NewRevision) -> Result<(), StoreError> {
        if rev.objects.iter().any(|o| hash_bytes(o) == rev.root) {
            return Ok(());
        }
        self.object(&rev.root).map(|_| ()).map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!(
                "đối tượng gốc {} (chưa được lưu cùng phiên bản)",
                to_hex(&rev.root)
            )),
            other => other,
        })
    }
}
