//! Just enough of WAV to join a reply's sentences into one file and to know how long a clip
//! plays. Hand-written because streamed WAVs (espeak-ng `--stdout`, Cartesia's `/tts/bytes`)
//! carry placeholder lengths (0x7ffff000) that strict readers refuse; here a chunk simply ends
//! where the bytes do.

use std::time::Duration;

/// The format of a clip's samples, from its `fmt ` chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// 1 = integer PCM, 3 = IEEE float.
    pub encoding: u16,
    pub channels: u16,
    pub sample_rate: u32,
    pub bits: u16,
}

impl Format {
    fn bytes_per_second(&self) -> u64 {
        u64::from(self.sample_rate) * u64::from(self.channels) * u64::from(self.bits / 8)
    }
}

/// A parsed clip: its format and its sample bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Clip<'a> {
    pub format: Format,
    pub data: &'a [u8],
}

impl Clip<'_> {
    pub fn duration(&self) -> Duration {
        let per_second = self.format.bytes_per_second().max(1);
        Duration::from_secs_f64(self.data.len() as f64 / per_second as f64)
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The clip in `bytes`, or why it is not one.
pub fn parse(bytes: &[u8]) -> Result<Clip<'_>, String> {
    if bytes.get(..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WAVE") {
        return Err("the audio is not a WAV file".into());
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32_at(bytes, at + 4).unwrap_or(0) as usize;
        let body = at + 8;
        let end = body.saturating_add(len).min(bytes.len());
        match id {
            b"fmt " => {
                let encoding = u16_at(bytes, body).ok_or("a short fmt chunk")?;
                // WAVE_FORMAT_EXTENSIBLE keeps the real encoding in its sub-format GUID.
                let encoding = if encoding == 0xFFFE {
                    u16_at(bytes, body + 24).ok_or("a short fmt chunk")?
                } else {
                    encoding
                };
                format = Some(Format {
                    encoding,
                    channels: u16_at(bytes, body + 2).ok_or("a short fmt chunk")?,
                    sample_rate: u32_at(bytes, body + 4).ok_or("a short fmt chunk")?,
                    bits: u16_at(bytes, body + 14).ok_or("a short fmt chunk")?,
                });
            }
            b"data" => {
                let format = format.ok_or("the WAV has no format before its samples")?;
                if format.channels == 0 || format.bits == 0 || format.bits % 8 != 0 {
                    return Err("the WAV's format is not one Maya can join".into());
                }
                return Ok(Clip {
                    format,
                    data: &bytes[body..end],
                });
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = end + (len & 1);
    }
    Err("the WAV has no samples".into())
}

/// Sentences joined into one WAV, rewritten whole after each (so the file is always
/// playable). Clips of another format than the first are skipped: one engine makes them all.
#[derive(Debug, Default)]
pub struct Joined {
    format: Option<Format>,
    data: Vec<u8>,
}

impl Joined {
    /// Add a clip; false when it does not fit the ones before.
    pub fn push(&mut self, clip: &Clip<'_>) -> bool {
        match self.format {
            Some(f) if f != clip.format => return false,
            _ => self.format = Some(clip.format),
        }
        self.data.extend_from_slice(clip.data);
        true
    }

    pub fn clear(&mut self) {
        self.format = None;
        self.data.clear();
    }

    /// The whole file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let Some(f) = self.format else {
            return Vec::new();
        };
        let data_len = u32::try_from(self.data.len()).unwrap_or(u32::MAX);
        let block = f.channels * (f.bits / 8);
        let mut out = Vec::with_capacity(44 + self.data.len());
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&data_len.saturating_add(36).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&f.encoding.to_le_bytes());
        out.extend_from_slice(&f.channels.to_le_bytes());
        out.extend_from_slice(&f.sample_rate.to_le_bytes());
        out.extend_from_slice(&(f.sample_rate * u32::from(block)).to_le_bytes());
        out.extend_from_slice(&block.to_le_bytes());
        out.extend_from_slice(&f.bits.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        out.extend_from_slice(&self.data);
        out
    }
}

/// A WAV of `samples` 16-bit mono samples: for tests and the fake engines of benches.
pub fn pcm16(sample_rate: u32, samples: &[i16]) -> Vec<u8> {
    let mut j = Joined {
        format: Some(Format {
            encoding: 1,
            channels: 1,
            sample_rate,
            bits: 16,
        }),
        data: Vec::with_capacity(samples.len() * 2),
    };
    for s in samples {
        j.data.extend_from_slice(&s.to_le_bytes());
    }
    j.to_bytes()
}

#[cfg(test)]
#[path = "wav_tests.rs"]
mod tests;
