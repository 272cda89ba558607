//! What the office accepts as a photo: a JPEG or WebP of at most core's
//! long edge, with no metadata segment (EXIF, XMP, IPTC, comments: GPS
//! and camera data live there). The phone re-encodes every photo through
//! a canvas, which writes none, so only a modified client sends one; the
//! file is read structurally, marker by marker or chunk by chunk, without
//! decoding the picture.

use letterbox_core::limits::PHOTO_LONG_EDGE_MAX_PX;

/// Why the bytes are not an acceptable photo, in words for the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    NotAnImage,
    Truncated,
    TooLarge,
    Metadata,
    Animated,
}

impl ImageProblem {
    pub fn detail(self) -> String {
        match self {
            Self::NotAnImage => "The bytes are not an image of the declared type.".into(),
            Self::Truncated => "The image is cut short or malformed.".into(),
            Self::TooLarge => {
                format!(
                    "The image is larger than {PHOTO_LONG_EDGE_MAX_PX} pixels on its long side."
                )
            }
            Self::Metadata => "The image carries metadata (EXIF, XMP, GPS or comments); \
                               send it as the app makes it."
                .into(),
            Self::Animated => "Animated images are not accepted.".into(),
        }
    }
}

/// Checks `bytes` as a photo of type `mime` (`image/jpeg` or `image/webp`).
pub fn check(bytes: &[u8], mime: &str) -> Result<(), ImageProblem> {
    let (width, height) = match mime {
        "image/jpeg" => jpeg(bytes)?,
        "image/webp" => webp(bytes)?,
        _ => return Err(ImageProblem::NotAnImage),
    };
    if width == 0 || height == 0 {
        return Err(ImageProblem::Truncated);
    }
    if width.max(height) > PHOTO_LONG_EDGE_MAX_PX {
        return Err(ImageProblem::TooLarge);
    }
    Ok(())
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(b.get(at)?.to_owned()) << 8 | u32::from(*b.get(at + 1)?))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(*b.get(at)?) | u32::from(*b.get(at + 1)?) << 8)
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    Some(le16(b, at)? | u32::from(*b.get(at + 2)?) << 16)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(le16(b, at)? | le16(b, at + 2)? << 16)
}

/// The frame's size, from the segments before the scan. Only JFIF (APP0),
/// a colour profile (APP2 `ICC_PROFILE`) and Adobe's colour transform
/// (APP14) may come with it; every other application segment and every
/// comment is metadata.
fn jpeg(b: &[u8]) -> Result<(u32, u32), ImageProblem> {
    if !b.starts_with(&[0xff, 0xd8]) {
        return Err(ImageProblem::NotAnImage);
    }
    let mut at = 2;
    let mut size = None;
    loop {
        // Fill bytes (0xff) may pad between segments.
        while b.get(at) == Some(&0xff) && b.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&marker)) = (b.get(at), b.get(at + 1)) else {
            return Err(ImageProblem::Truncated);
        };
        at += 2;
        match marker {
            // Markers without a length.
            0x01 | 0xd0..=0xd7 => continue,
            // The scan begins: everything that matters came before it.
            0xda => return size.ok_or(ImageProblem::Truncated),
            0xd9 => return Err(ImageProblem::Truncated),
            _ => {}
        }
        let length = be16(b, at).ok_or(ImageProblem::Truncated)? as usize;
        if length < 2 || at + length > b.len() {
            return Err(ImageProblem::Truncated);
        }
        let body = &b[at + 2..at + length];
        match marker {
            // Start of frame (every coding but DHT 0xc4, JPG 0xc8, DAC 0xcc).
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                let height = be16(body, 1).ok_or(ImageProblem::Truncated)?;
                let width = be16(body, 3).ok_or(ImageProblem::Truncated)?;
                size = Some((width, height));
            }
            0xe0 if body.starts_with(b"JFIF\0") || body.starts_with(b"JFXX\0") => {}
            0xe2 if body.starts_with(b"ICC_PROFILE\0") => {}
            0xee if body.starts_with(b"Adobe") => {}
            0xe0..=0xef | 0xfe => return Err(ImageProblem::Metadata),
            _ => {}
        }
        at += length;
    }
}

/// The canvas size, from the first image chunk. `EXIF` and `XMP ` chunks
/// (or the extended header's flags for them) are metadata; an animation
/// is refused.
fn webp(b: &[u8]) -> Result<(u32, u32), ImageProblem> {
    if b.len() < 12 || &b[..4] != b"RIFF" || &b[8..12] != b"WEBP" {
        return Err(ImageProblem::NotAnImage);
    }
    let riff = le32(b, 4).ok_or(ImageProblem::Truncated)? as usize;
    if riff + 8 != b.len() {
        return Err(ImageProblem::Truncated);
    }
    let mut at = 12;
    let mut size = None;
    while at < b.len() {
        let tag = b.get(at..at + 4).ok_or(ImageProblem::Truncated)?;
        let length = le32(b, at + 4).ok_or(ImageProblem::Truncated)? as usize;
        let body = b
            .get(at + 8..at + 8 + length)
            .ok_or(ImageProblem::Truncated)?;
        match tag {
            b"VP8X" => {
                let flags = *body.first().ok_or(ImageProblem::Truncated)?;
                if flags & 0x02 != 0 {
                    return Err(ImageProblem::Animated);
                }
                if flags & (0x08 | 0x04) != 0 {
                    return Err(ImageProblem::Metadata);
                }
                let width = le24(body, 4).ok_or(ImageProblem::Truncated)? + 1;
                let height = le24(body, 7).ok_or(ImageProblem::Truncated)? + 1;
                size = Some((width, height));
            }
            b"VP8 " => {
                if body.get(3..6) != Some(&[0x9d, 0x01, 0x2a]) {
                    return Err(ImageProblem::Truncated);
                }
                let width = le16(body, 6).ok_or(ImageProblem::Truncated)? & 0x3fff;
                let height = le16(body, 8).ok_or(ImageProblem::Truncated)? & 0x3fff;
                size.get_or_insert((width, height));
            }
            b"VP8L" => {
                if body.first() != Some(&0x2f) {
                    return Err(ImageProblem::Truncated);
                }
                let bits = le32(body, 1).ok_or(ImageProblem::Truncated)?;
                size.get_or_insert(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1));
            }
            b"EXIF" | b"XMP " => return Err(ImageProblem::Metadata),
            b"ANIM" | b"ANMF" => return Err(ImageProblem::Animated),
            _ => {}
        }
        // Chunks are padded to an even length.
        at += 8 + length + (length & 1);
    }
    size.ok_or(ImageProblem::Truncated)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG header: SOI, the given segments, a baseline frame of
    /// `w`×`h`, then the scan.
    fn jpeg_with(segments: &[(u8, &[u8])], w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xff, 0xd8];
        for (marker, body) in segments {
            b.extend([0xff, *marker]);
            b.extend(((body.len() + 2) as u16).to_be_bytes());
            b.extend(*body);
        }
        let mut frame = vec![8];
        frame.extend(h.to_be_bytes());
        frame.extend(w.to_be_bytes());
        frame.extend([1, 1, 0x11, 0]);
        b.extend([0xff, 0xc0]);
        b.extend(((frame.len() + 2) as u16).to_be_bytes());
        b.extend(frame);
        b.extend([0xff, 0xda, 0, 2, 0x12, 0x34, 0xff, 0xd9]);
        b
    }

    fn riff(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        for (tag, data) in chunks {
            body.extend(*tag);
            body.extend((data.len() as u32).to_le_bytes());
            body.extend(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut b = b"RIFF".to_vec();
        b.extend((body.len() as u32).to_le_bytes());
        b.extend(body);
        b
    }

    fn vp8(w: u16, h: u16) -> Vec<u8> {
        let mut d = vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];
        d.extend(w.to_le_bytes());
        d.extend(h.to_le_bytes());
        d.extend([0; 10]);
        d
    }

    #[test]
    fn a_jpeg_as_the_canvas_writes_it_is_accepted() {
        let b = jpeg_with(&[(0xe0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")], 2048, 1536);
        assert_eq!(check(&b, "image/jpeg"), Ok(()));
        let icc = jpeg_with(&[(0xe2, b"ICC_PROFILE\0\x01\x01")], 1536, 2048);
        assert_eq!(check(&icc, "image/jpeg"), Ok(()));
    }

    #[test]
    fn a_jpeg_with_exif_xmp_iptc_or_a_comment_is_refused() {
        for (marker, body) in [
            (0xe1, &b"Exif\0\0MM\0*"[..]),
            (0xe1, &b"http://ns.adobe.com/xap/1.0/\0<x/>"[..]),
            (0xed, &b"Photoshop 3.0\0"[..]),
            (0xfe, &b"taken at 29.56N 106.55E"[..]),
        ] {
            let b = jpeg_with(&[(0xe0, b"JFIF\0"), (marker, body)], 800, 600);
            assert_eq!(
                check(&b, "image/jpeg"),
                Err(ImageProblem::Metadata),
                "{marker:x}"
            );
        }
    }

    #[test]
    fn a_jpeg_over_the_long_edge_or_cut_short_is_refused() {
        let big = jpeg_with(&[], 2049, 100);
        assert_eq!(check(&big, "image/jpeg"), Err(ImageProblem::TooLarge));
        let ok = jpeg_with(&[], 100, 100);
        assert_eq!(check(&ok[..8], "image/jpeg"), Err(ImageProblem::Truncated));
        // The three magic bytes and nothing of a JPEG after them.
        let fake = [0xff, 0xd8, 0xff, b'h', b'e', b'l', b'l', b'o'];
        assert!(check(&fake, "image/jpeg").is_err());
        assert_eq!(check(b"RIFF", "image/jpeg"), Err(ImageProblem::NotAnImage));
    }

    #[test]
    fn a_lossy_or_lossless_webp_is_accepted_and_its_metadata_chunks_are_not() {
        assert_eq!(
            check(&riff(&[(b"VP8 ", vp8(2048, 1152))]), "image/webp"),
            Ok(())
        );
        // VP8L: 14 bits of width - 1, 14 of height - 1.
        let bits: u32 = 99 | (49 << 14);
        let mut lossless = vec![0x2f];
        lossless.extend(bits.to_le_bytes());
        assert_eq!(check(&riff(&[(b"VP8L", lossless)]), "image/webp"), Ok(()));
        let exif = riff(&[(b"VP8 ", vp8(100, 100)), (b"EXIF", b"MM\0*".to_vec())]);
        assert_eq!(check(&exif, "image/webp"), Err(ImageProblem::Metadata));
        // The extended header's EXIF flag, with its canvas size.
        let mut x = vec![0x08, 0, 0, 0];
        x.extend(&99u32.to_le_bytes()[..3]);
        x.extend(&99u32.to_le_bytes()[..3]);
        let flagged = riff(&[(b"VP8X", x), (b"VP8 ", vp8(100, 100))]);
        assert_eq!(check(&flagged, "image/webp"), Err(ImageProblem::Metadata));
        assert_eq!(
            check(&riff(&[(b"VP8 ", vp8(4000, 100))]), "image/webp"),
            Err(ImageProblem::TooLarge)
        );
        let mut cut = riff(&[(b"VP8 ", vp8(100, 100))]);
        cut.truncate(cut.len() - 4);
        assert_eq!(check(&cut, "image/webp"), Err(ImageProblem::Truncated));
        assert_eq!(
            check(&riff(&[(b"ANIM", vec![0; 6])]), "image/webp"),
            Err(ImageProblem::Animated)
        );
    }
}
