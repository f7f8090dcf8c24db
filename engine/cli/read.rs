//! Reading a file safely: size limit before reading, no blocking on special files, binary and
//! non-UTF-8 content rejected with a message that names the file (and line, for bad UTF-8).

use std::io::Read;
use std::path::Path;

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file")]
    NotRegular,
    #[error(
        "file is {size_mib:.1} MiB, over the {limit_mib} MiB limit (raise it with --max-file-size)"
    )]
    TooLarge { size_mib: f64, limit_mib: u64 },
    #[error("binary file (NUL byte at offset {offset})")]
    Binary { offset: usize },
    #[error("not valid UTF-8 at line {line}, byte {offset}")]
    NotUtf8 { line: u32, offset: usize },
}

impl ReadError {
    /// The line the problem is on, when there is one.
    pub(crate) fn line(&self) -> Option<u32> {
        match self {
            Self::NotUtf8 { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Reads `path` as UTF-8 text (a leading BOM is kept; the YAML loader strips it).
pub(crate) fn read_text(path: &Path, limit_bytes: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit_bytes {
        #[allow(clippy::cast_precision_loss)]
        return Err(ReadError::TooLarge {
            size_mib: meta.len() as f64 / 1_048_576.0,
            limit_mib: limit_bytes >> 20,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Never read past the limit even if the file grows while we read it.
    std::fs::File::open(path)?
        .take(limit_bytes + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit_bytes {
        #[allow(clippy::cast_precision_loss)]
        return Err(ReadError::TooLarge {
            size_mib: bytes.len() as f64 / 1_048_576.0,
            limit_mib: limit_bytes >> 20,
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = head.iter().position(|b| *b == 0) {
        return Err(ReadError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = u32::try_from(bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1)
            .unwrap_or(u32::MAX);
        ReadError::NotUtf8 { line, offset }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_binary_non_utf8_and_large() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("a.yaml");
        std::fs::write(&bin, b"apiVersion: v1\n\0\x01\x02").expect("write");
        assert!(matches!(
            read_text(&bin, 1 << 20),
            Err(ReadError::Binary { offset: 15 })
        ));
        let latin = dir.path().join("b.yaml");
        std::fs::write(&latin, b"a: 1\nb: caf\xe9\n").expect("write");
        let e = read_text(&latin, 1 << 20).expect_err("latin-1");
        assert_eq!(e.line(), Some(2));
        let big = dir.path().join("c.yaml");
        std::fs::write(&big, vec![b'a'; 2048]).expect("write");
        assert!(matches!(
            read_text(&big, 1024),
            Err(ReadError::TooLarge { .. })
        ));
        assert_eq!(read_text(&big, 4096).expect("fits").len(), 2048);
    }
}
