//! A QR code drawn with half blocks: two modules per terminal cell, vertically.

use qrcode::{Color, QrCode};

/// Rows of text for `data`, quiet zone included; `None` if it cannot be encoded.
///
/// Light modules are drawn as blocks in the foreground colour: on the usual light-on-dark
/// terminal that puts dark modules on the dark background, which is the polarity scanners
/// read best, and it needs no colour at all (NO_COLOR).
pub fn rows(data: &str) -> Option<Vec<String>> {
    let code = QrCode::new(data.as_bytes()).ok()?;
    let w = code.width();
    let colors = code.to_colors();
    let quiet = 2;
    let size = w + 2 * quiet;
    let light = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= w + quiet || y >= w + quiet {
            return true;
        }
        colors[(y - quiet) * w + (x - quiet)] == Color::Light
    };
    let mut out = Vec::with_capacity(size.div_ceil(2));
    for y in (0..size).step_by(2) {
        let mut row = String::with_capacity(size * 3);
        for x in 0..size {
            let top = light(x, y);
            let bottom = y + 1 >= size || light(x, y + 1);
            row.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push(row);
    }
    Some(out)
}

#[cfg(test)]
#[path = "qr_tests.rs"]
mod tests;
