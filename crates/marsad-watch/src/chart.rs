//! Time-series charts of an assessment, as SVG text and PNG bytes drawn from one display list.
//!
//! [`charts`] picks the charts of a brief (the dyad's Goldstein sums per direction, its events per
//! quad class, and one chart per test with its indicators); [`Chart::svg`] and [`Chart::png`] draw
//! them. Both renderers read the same list of shapes ([`Chart::shapes`]), so the PNG a desk officer
//! pastes into a document is the SVG the browser shows.
//!
//! Why hand-drawn: a line chart is a few dozen shapes; the SVG needs no dependency, and the PNG
//! needs only a rasteriser (`tiny-skia`) and a glyph renderer (`ab_glyph`, with DejaVu Sans vendored
//! in `fonts/` under its licence). `plotters` would draw both too, but brings its own backends and
//! the `image` crate for PNG; `resvg` would rasterise our SVG but carries a whole SVG and text-shaping
//! stack. Labels are Latin (dates, codes, indicator ids), so no shaping is needed.
//! Measured on the project machine (clean release builds of the dependencies alone, in an empty
//! crate with `cargo build --release`): `tiny-skia` + `ab_glyph` 20 s of CPU, 50 s wall; `plotters`
//! with its SVG, bitmap and `ab_glyph` features 34 s of CPU, 78 s wall. Drawing: 3.6 ms for the
//! seven SVG charts of a 365-day brief, 16 ms for one PNG (`cargo bench -p marsad-watch`).

use std::fmt::Write as _;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use serde::{Deserialize, Serialize};
use tiny_skia::{Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use crate::assess::Assessment;
use crate::error::{Error, ErrorKind};

/// A line chart: one x position per bucket, one line per series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// File stem (`dyad-goldstein`, `test-enrichment`).
    pub name: String,
    pub title: String,
    pub y_label: String,
    /// One label per bucket.
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub values: Vec<f64>,
}

/// A drawing primitive in pixel coordinates (origin top left).
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Line {
        from: (f32, f32),
        to: (f32, f32),
        color: &'static str,
        width: f32,
    },
    Polyline {
        points: Vec<(f32, f32)>,
        color: String,
        width: f32,
    },
    /// A filled square marker or legend swatch.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: String,
    },
    Text {
        x: f32,
        /// Baseline.
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        color: &'static str,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Chart size in pixels.
pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 320;
const LEFT: f32 = 56.0;
const RIGHT: f32 = 190.0;
const TOP: f32 = 48.0;
const BOTTOM: f32 = 52.0;
const PALETTE: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf",
];
const PROGRESS_COLORS: &[&str] = &["#2ca02c", "#1f77b4", "#17becf", "#9467bd"];
const ESCALATION_COLORS: &[&str] = &["#d62728", "#ff7f0e", "#8c564b", "#e377c2"];
const QUAD_COLORS: [&str; 4] = ["#2ca02c", "#1f77b4", "#ff7f0e", "#d62728"];

/// The charts of a brief: the dyad (Goldstein sum per direction, events per quad class), then one
/// per test with each indicator's value per bucket.
pub fn charts(a: &Assessment) -> Vec<Chart> {
    let x_labels: Vec<String> = a.buckets.iter().map(|b| b.label.clone()).collect();
    let mut out = vec![Chart {
        name: "dyad-goldstein".into(),
        title: format!(
            "{} – {}: Goldstein sum per bucket",
            a.watch.parties[0], a.watch.parties[1]
        ),
        y_label: "Goldstein sum".into(),
        x_labels: x_labels.clone(),
        series: a
            .dyads
            .iter()
            .enumerate()
            .map(|(i, d)| Series {
                name: d.label.clone(),
                color: PALETTE[i % PALETTE.len()].into(),
                values: d.points.iter().map(|p| p.goldstein_sum).collect(),
            })
            .collect(),
    }];
    let quad_names = [
        "verbal coop.",
        "material coop.",
        "verbal conflict",
        "material conflict",
    ];
    out.push(Chart {
        name: "dyad-quad".into(),
        title: format!(
            "{} – {}: events per quad class",
            a.watch.party_codes[0], a.watch.party_codes[1]
        ),
        y_label: "events".into(),
        x_labels: x_labels.clone(),
        series: (0..4)
            .map(|q| Series {
                name: format!("Q{} {}", q + 1, quad_names[q]),
                color: QUAD_COLORS[q].into(),
                values: (0..a.buckets.len())
                    .map(|b| a.dyads.iter().map(|d| f64::from(d.points[b].quad[q])).sum())
                    .collect(),
            })
            .collect(),
    });
    for t in &a.watch.tests {
        // Progress lines in greens and blues, escalation lines in reds and oranges.
        let (mut np, mut ne) = (0, 0);
        let series: Vec<Series> = a
            .indicators
            .iter()
            .filter(|i| i.test == t.id)
            .map(|i| {
                let (sign, color) = match i.direction {
                    crate::def::Direction::Progress => {
                        np += 1;
                        ("+", PROGRESS_COLORS[(np - 1) % PROGRESS_COLORS.len()])
                    }
                    crate::def::Direction::Escalation => {
                        ne += 1;
                        ("−", ESCALATION_COLORS[(ne - 1) % ESCALATION_COLORS.len()])
                    }
                };
                Series {
                    name: format!("{sign} {}", i.id),
                    color: color.into(),
                    values: i.values.clone(),
                }
            })
            .collect();
        out.push(Chart {
            name: format!("test-{}", t.id),
            title: format!("{}: {}", a.watch.name, t.title),
            y_label: "events per bucket".into(),
            x_labels: x_labels.clone(),
            series,
        });
    }
    out
}

impl Chart {
    /// The chart as a standalone SVG document.
    pub fn svg(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Verdana, sans-serif" role="img" aria-label="{}">"#,
            esc(&self.title)
        );
        let _ = writeln!(s, r#"<title>{}</title>"#, esc(&self.title));
        let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
        for shape in self.shapes() {
            match shape {
                Shape::Line {
                    from,
                    to,
                    color,
                    width,
                } => {
                    let _ = writeln!(
                        s,
                        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{color}" stroke-width="{width}"/>"#,
                        from.0, from.1, to.0, to.1
                    );
                }
                Shape::Polyline {
                    points,
                    color,
                    width,
                } => {
                    let pts: Vec<String> = points
                        .iter()
                        .map(|(x, y)| format!("{x:.1},{y:.1}"))
                        .collect();
                    let _ = writeln!(
                        s,
                        r#"<polyline class="series" fill="none" stroke="{color}" stroke-width="{width}" stroke-linejoin="round" points="{}"/>"#,
                        pts.join(" ")
                    );
                }
                Shape::Rect { x, y, w, h, color } => {
                    let _ = writeln!(
                        s,
                        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{color}"/>"#
                    );
                }
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    anchor,
                    color,
                } => {
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let _ = writeln!(
                        s,
                        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{color}">{}</text>"#,
                        esc(&text)
                    );
                }
            }
        }
        s.push_str("</svg>\n");
        s
    }

    /// The chart as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, Error> {
        let fail = |m: String| Error::new(&self.name, ErrorKind::Chart(m));
        let font = FontRef::try_from_slice(FONT).map_err(|e| fail(format!("font: {e}")))?;
        let mut pm = Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| fail("empty canvas".into()))?;
        pm.fill(tiny_skia::Color::WHITE);
        for shape in self.shapes() {
            match shape {
                Shape::Line {
                    from,
                    to,
                    color,
                    width,
                } => {
                    stroke(&mut pm, &[from, to], color, width);
                }
                Shape::Polyline {
                    points,
                    color,
                    width,
                } => {
                    if points.len() == 1 {
                        let (x, y) = points[0];
                        fill(&mut pm, x - 2.0, y - 2.0, 4.0, 4.0, &color);
                    } else {
                        stroke(&mut pm, &points, &color, width);
                    }
                }
                Shape::Rect { x, y, w, h, color } => fill(&mut pm, x, y, w, h, &color),
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    anchor,
                    color,
                } => {
                    draw_text(&mut pm, &font, x, y, &text, size, anchor, color);
                }
            }
        }
        pm.encode_png().map_err(|e| fail(format!("png: {e}")))
    }

    /// The chart as shapes: frame, grid with y ticks, x labels (thinned to fit), one polyline per
    /// series with a point per bucket, title, y-axis label and legend.
    pub fn shapes(&self) -> Vec<Shape> {
        let mut out = Vec::new();
        let (w, h) = (WIDTH as f32, HEIGHT as f32);
        let plot_w = w - LEFT - RIGHT;
        let plot_h = h - TOP - BOTTOM;
        let n = self.x_labels.len().max(1);
        let (lo, hi, step) = y_range(self.series.iter().flat_map(|s| s.values.iter().copied()));
        let x = |i: usize| {
            if n == 1 {
                LEFT + plot_w / 2.0
            } else {
                LEFT + plot_w * i as f32 / (n - 1) as f32
            }
        };
        let y = |v: f64| TOP + plot_h * (1.0 - ((v - lo) / (hi - lo)) as f32);
        // Grid and y ticks.
        let mut t = lo;
        while t <= hi + step * 1e-9 {
            let yy = y(t);
            out.push(Shape::Line {
                from: (LEFT, yy),
                to: (LEFT + plot_w, yy),
                color: if t == 0.0 { "#888888" } else { "#e3e3e3" },
                width: 1.0,
            });
            out.push(Shape::Text {
                x: LEFT - 6.0,
                y: yy + 4.0,
                text: fmt_tick(t),
                size: 11.0,
                anchor: Anchor::End,
                color: "#333333",
            });
            t += step;
        }
        // Axes.
        out.push(Shape::Line {
            from: (LEFT, TOP),
            to: (LEFT, TOP + plot_h),
            color: "#333333",
            width: 1.0,
        });
        out.push(Shape::Line {
            from: (LEFT, TOP + plot_h),
            to: (LEFT + plot_w, TOP + plot_h),
            color: "#333333",
            width: 1.0,
        });
        // X labels: at most about 8, evenly spaced, always the last; a regular label too close
        // to the last one gives way to it.
        let every = n.div_ceil(8).max(1);
        let last = n - 1;
        let prev_tick = last / every * every;
        for (i, label) in self.x_labels.iter().enumerate() {
            // 72 px holds a date label (10 px DejaVu Sans) with a gap.
            let crowded = i == prev_tick && i != last && x(last) - x(prev_tick) < 72.0;
            if !(i == last || (i % every == 0 && !crowded)) {
                continue;
            }
            let xx = x(i);
            out.push(Shape::Line {
                from: (xx, TOP + plot_h),
                to: (xx, TOP + plot_h + 4.0),
                color: "#333333",
                width: 1.0,
            });
            out.push(Shape::Text {
                x: xx,
                y: TOP + plot_h + 18.0,
                text: label.clone(),
                size: 10.0,
                anchor: Anchor::Middle,
                color: "#333333",
            });
        }
        // Series.
        for s in &self.series {
            let points: Vec<(f32, f32)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| (x(i), y(*v)))
                .collect();
            out.push(Shape::Polyline {
                points,
                color: s.color.clone(),
                width: 2.0,
            });
        }
        // Title, y label, x label.
        out.push(Shape::Text {
            x: LEFT,
            y: 22.0,
            text: self.title.clone(),
            size: 14.0,
            anchor: Anchor::Start,
            color: "#111111",
        });
        out.push(Shape::Text {
            x: LEFT,
            y: TOP - 10.0,
            text: self.y_label.clone(),
            size: 11.0,
            anchor: Anchor::Start,
            color: "#333333",
        });
        out.push(Shape::Text {
            x: LEFT + plot_w / 2.0,
            y: h - 10.0,
            text: "date".into(),
            size: 11.0,
            anchor: Anchor::Middle,
            color: "#333333",
        });
        // Legend.
        for (i, s) in self.series.iter().enumerate() {
            let ly = TOP + 8.0 + 18.0 * i as f32;
            out.push(Shape::Rect {
                x: LEFT + plot_w + 14.0,
                y: ly - 8.0,
                w: 12.0,
                h: 4.0,
                color: s.color.clone(),
            });
            out.push(Shape::Text {
                x: LEFT + plot_w + 32.0,
                y: ly,
                text: s.name.clone(),
                size: 11.0,
                anchor: Anchor::Start,
                color: "#333333",
            });
        }
        out
    }
}

/// DejaVu Sans (Bitstream Vera licence, `fonts/DejaVuSans.LICENSE`), for the PNG labels.
static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// A y range that includes 0 and every value, with a round tick step (1, 2 or 5 × 10ⁿ).
fn y_range(values: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi - lo < 1.0 {
        hi = lo + 1.0;
    }
    let raw = (hi - lo) / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    let step = if step < 1.0 { 1.0 } else { step };
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn fmt_tick(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    (p(0), p(2), p(4))
}

fn paint(color: &str) -> Paint<'static> {
    let (r, g, b) = rgb(color);
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, 255);
    p.anti_alias = true;
    p
}

fn stroke(pm: &mut Pixmap, points: &[(f32, f32)], color: &str, width: f32) {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    if let Some(path) = pb.finish() {
        let st = Stroke {
            width,
            ..Stroke::default()
        };
        pm.stroke_path(&path, &paint(color), &st, Transform::identity(), None);
    }
}

fn fill(pm: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, color: &str) {
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        pm.fill_rect(r, &paint(color), Transform::identity(), None);
    }
}

fn text_width(font: &FontRef, text: &str, size: f32) -> f32 {
    let sf = font.as_scaled(PxScale::from(size));
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = sf.glyph_id(c);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

#[allow(clippy::too_many_arguments)]
fn draw_text(
    pm: &mut Pixmap,
    font: &FontRef,
    x: f32,
    y: f32,
    text: &str,
    size: f32,
    anchor: Anchor,
    color: &str,
) {
    let scale = PxScale::from(size);
    let sf = font.as_scaled(scale);
    let width = text_width(font, text, size);
    let mut pen = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    let (r, g, b) = rgb(color);
    let (pw, ph) = (pm.width() as i32, pm.height() as i32);
    let mut prev = None;
    for c in text.chars() {
        let id = sf.glyph_id(c);
        if let Some(p) = prev {
            pen += sf.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(pen, y));
        pen += sf.h_advance(id);
        prev = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let pixels = pm.pixels_mut();
        outlined.draw(|gx, gy, cov| {
            let px = bounds.min.x as i32 + gx as i32;
            let py = bounds.min.y as i32 + gy as i32;
            if px < 0 || py < 0 || px >= pw || py >= ph {
                return;
            }
            let i = (py * pw + px) as usize;
            let old = pixels[i];
            let mix =
                |o: u8, n: u8| (f32::from(o) * (1.0 - cov) + f32::from(n) * cov).round() as u8;
            if let Some(new) = tiny_skia::PremultipliedColorU8::from_rgba(
                mix(old.red(), r),
                mix(old.green(), g),
                mix(old.blue(), b),
                255,
            ) {
                pixels[i] = new;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_ranges_include_zero_and_use_round_steps() {
        assert_eq!(y_range([0.0, 3.0].into_iter()), (0.0, 3.0, 1.0));
        assert_eq!(y_range([-12.0, 7.0].into_iter()), (-15.0, 10.0, 5.0));
        assert_eq!(y_range(std::iter::empty()), (0.0, 1.0, 1.0));
    }
}
