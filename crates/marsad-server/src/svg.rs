//! Small server-side SVG charts: a sparkline and the dyad timeline's diverging bars.
//!
//! Charts are inline SVG with presentation attributes only (no `style`), so they render with no
//! script, no network and under the `default-src 'self'` content security policy.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::html::esc;

/// One day of the dyad timeline: counts of cooperative (quad 1–2) and conflictual (quad 3–4) events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub cooperation: u32,
    pub conflict: u32,
}

/// A sparkline of `values` (oldest first) as a polyline in a `width` × `height` box, with a dot
/// on the last value. `label` becomes the chart's accessible title.
pub fn sparkline(values: &[f64], width: u32, height: u32, label: &str) -> String {
    let mut out = format!(
        "<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title>",
        esc(label)
    );
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        let _ = write!(
            out,
            "<line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/></svg>",
            y = height / 2
        );
        return out;
    }
    let (lo, hi) = finite
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let pad = 3.0;
    let (w, h) = (f64::from(width) - 2.0 * pad, f64::from(height) - 2.0 * pad);
    let step = if finite.len() > 1 {
        w / (finite.len() - 1) as f64
    } else {
        0.0
    };
    let points: Vec<(f64, f64)> = finite
        .iter()
        .enumerate()
        .map(|(i, v)| (pad + step * i as f64, pad + h - (v - lo) / span * h))
        .collect();
    out.push_str("<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\" points=\"");
    for (x, y) in &points {
        let _ = write!(out, "{x:.1},{y:.1} ");
    }
    out.push_str("\"/>");
    if let Some((x, y)) = points.last() {
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#2b6cb0\"/>"
        );
    }
    out.push_str("</svg>");
    out
}

/// The dyad timeline: one column per day from `start` (else the first day of `days`) to the last
/// day of `days` (days with no events are drawn empty), cooperation as green bars above the axis
/// and conflict as red bars below it, with the dates at both ends and the largest count on the scale.
pub fn timeline(days: &[Day], start: Option<NaiveDate>, label: &str) -> String {
    let (width, height) = (720.0_f64, 240.0_f64);
    let (left, right, top, bottom) = (36.0, 8.0, 16.0, 28.0);
    let mut out = format!(
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\"><title>{}</title>",
        esc(label)
    );
    let (Some(first), Some(last)) = (
        days.iter().map(|d| d.date).chain(start).min(),
        days.iter().map(|d| d.date).max(),
    ) else {
        out.push_str(
            "<text x=\"360\" y=\"120\" text-anchor=\"middle\" fill=\"#666\">no events</text></svg>",
        );
        return out;
    };
    let n = (last - first).num_days() + 1;
    let max = days
        .iter()
        .map(|d| d.cooperation.max(d.conflict))
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_w = width - left - right;
    let half = (height - top - bottom) / 2.0;
    let mid = top + half;
    let col = plot_w / n as f64;
    let bar = (col * 0.8).max(1.0);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{mid}\" x2=\"{x2}\" y2=\"{mid}\" stroke=\"#888\"/>\
         <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"11\" fill=\"#2f855a\">{max}</text>\
         <text x=\"{lx}\" y=\"{by}\" text-anchor=\"end\" font-size=\"11\" fill=\"#c53030\">{max}</text>",
        x2 = width - right,
        lx = left - 4.0,
        ty = top + 10.0,
        by = height - bottom,
    );
    for d in days {
        let x = left + col * (d.date - first).num_days() as f64 + (col - bar) / 2.0;
        let up = f64::from(d.cooperation) / f64::from(max) * half;
        let down = f64::from(d.conflict) / f64::from(max) * half;
        if d.cooperation > 0 {
            let _ = write!(
                out,
                "<rect class=\"coop\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{up:.1}\" fill=\"#38a169\">\
                 <title>{} cooperation {}</title></rect>",
                mid - up,
                d.date,
                d.cooperation
            );
        }
        if d.conflict > 0 {
            let _ = write!(
                out,
                "<rect class=\"conflict\" x=\"{x:.1}\" y=\"{mid:.1}\" width=\"{bar:.1}\" height=\"{down:.1}\" fill=\"#e53e3e\">\
                 <title>{} conflict {}</title></rect>",
                d.date, d.conflict
            );
        }
    }
    let _ = write!(
        out,
        "<text x=\"{left}\" y=\"{y}\" font-size=\"11\" fill=\"#444\">{first}</text>\
         <text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">{last}</text></svg>",
        y = height - 8.0,
        x = width - right,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn sparkline_has_one_point_per_value() {
        let svg = sparkline(&[1.0, 3.0, 2.0], 100, 20, "scope <test>");
        assert!(svg.contains("<title>scope &lt;test&gt;</title>"));
        let points = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 3);
        // Empty and non-finite series draw a dashed baseline instead of failing.
        assert!(sparkline(&[], 100, 20, "x").contains("stroke-dasharray"));
        assert!(sparkline(&[f64::NAN], 100, 20, "x").contains("stroke-dasharray"));
    }

    #[test]
    fn timeline_draws_a_bar_per_nonzero_count() {
        let days = [
            Day {
                date: date("2026-02-01"),
                cooperation: 2,
                conflict: 0,
            },
            Day {
                date: date("2026-02-05"),
                cooperation: 1,
                conflict: 3,
            },
        ];
        let svg = timeline(&days, None, "IRN–USA");
        assert_eq!(svg.matches("class=\"coop\"").count(), 2);
        assert_eq!(svg.matches("class=\"conflict\"").count(), 1);
        assert!(svg.contains("2026-02-01") && svg.contains("2026-02-05"));
        assert!(!svg.contains("style="));
        assert!(timeline(&[], None, "x").contains("no events"));
        // The axis starts at the asked start, before the first event.
        let svg = timeline(&days, Some(date("2026-01-20")), "x");
        assert!(svg.contains(">2026-01-20<"));
    }
}
