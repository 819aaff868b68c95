//! An [`Assessment`] as a terminal report (tables and sparklines), a Markdown or HTML brief with
//! charts, or JSON. All four show the same numbers; JSON is the assessment itself.
//!
//! Arabic evidence: in the terminal a sentence is the last thing on its line, wrapped in a Unicode
//! first-strong isolate (U+2068 … U+2069), so the terminal's bidi algorithm shows it right to left
//! without reordering the columns before it (the rule `marsad code --format table` follows). In
//! HTML it is a `dir="rtl" lang="ar"` block; in Markdown the same isolate.
//!
//! Evidence is untrusted text (anyone who writes an article or a feed chooses it), so each sink
//! gets its own escaping (issue 13): the terminal report goes through [`terminal_safe`] (no escape
//! sequences, C1 controls or bidi overrides reach the terminal), the Markdown brief through
//! `md_esc` (HTML and Markdown metacharacters escaped, so a `<script>` or `<img onerror>` in an
//! article is text in any renderer), the HTML brief through `h`.

use std::fmt::Write as _;

use crate::assess::{
    Alert, Assessment, DyadPoint, EvidenceEvent, IndicatorSeries, WindowAssessment,
};
use crate::chart::{self, Chart};
use crate::def::{Direction, SequenceOrder};
use crate::error::Error;
use crate::sequence::{SequenceMatch, SequenceSeries};

/// The output formats of `marsad report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            _ => Err(format!("expected text, markdown, html or json, got {s:?}")),
        }
    }
}

/// A chart drawn both ways, with the links a brief uses for it.
#[derive(Clone, Debug)]
pub struct ChartFile {
    pub chart: Chart,
    pub svg: String,
    pub png: Vec<u8>,
    /// `brief-charts/dyad-goldstein.svg`: where the brief links to.
    pub svg_href: String,
    pub png_href: String,
}

/// Draws every chart of the assessment; `dir_href` is the folder the brief links them from
/// (`brief-charts`), empty for the brief's own folder.
pub fn render_charts(a: &Assessment, dir_href: &str) -> Result<Vec<ChartFile>, Error> {
    let prefix = if dir_href.is_empty() {
        String::new()
    } else {
        format!("{}/", dir_href.trim_end_matches('/'))
    };
    chart::charts(a)
        .into_iter()
        .map(|c| {
            Ok(ChartFile {
                svg: c.svg(),
                png: c.png()?,
                svg_href: format!("{prefix}{}.svg", c.name),
                png_href: format!("{prefix}{}.png", c.name),
                chart: c,
            })
        })
        .collect()
}

/// The whole assessment as pretty JSON.
pub fn json(a: &Assessment) -> String {
    let mut s =
        serde_json::to_string_pretty(a).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Text made safe to print on a terminal: line breaks and tabs become spaces; every other control
/// character (C0 including ESC, DEL, C1), the bidi embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators become U+FFFD, so an
/// article cannot move the cursor, recolour or retitle the terminal, or reorder the columns
/// around it. The marks LRM, RLM and ALM stay: they are ordinary in Arabic text and reorder
/// nothing outside their own run. Borrowed when nothing needs replacing.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    }
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The terminal report: headline verdict, tests and indicators with sparklines, the dyad, alerts
/// and the evidence sentences.
pub fn text(a: &Assessment) -> String {
    let mut s = String::new();
    let w = &a.watch;
    let _ = writeln!(s, "{} ({})", w.name, w.id);
    let _ = writeln!(
        s,
        "{} – {}; mediators: {}",
        w.parties[0],
        w.parties[1],
        list_or_none(&w.mediators)
    );
    let _ = writeln!(
        s,
        "period {} .. {}, {} {} buckets, verdict windows of {} days",
        a.from,
        a.to,
        a.buckets.len(),
        bucket_name(a),
        w.window_days
    );
    s.push('\n');
    let Some(cur) = a.current() else {
        return s;
    };
    // An empty window has no score to speak of: its reason says there is no data.
    let score = if cur.verdict == crate::Verdict::NoData {
        String::new()
    } else {
        format!(
            "   (score {}{})",
            num(cur.score),
            cur.change
                .map(|c| format!(", change {}", num(c)))
                .unwrap_or_default()
        )
    };
    let _ = writeln!(
        s,
        "VERDICT {} .. {}: {}{score}",
        cur.start,
        cur.end,
        cur.verdict.as_str().to_uppercase(),
    );
    for r in &cur.reasons {
        let _ = writeln!(s, "  {}", terminal_safe(r));
    }
    if a.windows.len() > 1 {
        let past: Vec<String> = a
            .windows
            .iter()
            .map(|w| format!("{}..{} {} ({})", w.start, w.end, w.verdict, num(w.score)))
            .collect();
        let _ = writeln!(s, "  windows: {}", past.join(" → "));
    }
    s.push('\n');
    text_history(&mut s, a);

    // Tests.
    let mut rows = vec![row(&[
        "test",
        "score",
        "change",
        "verdict",
        "per bucket",
        "question",
    ])];
    for (t, info) in cur.tests.iter().zip(&w.tests) {
        rows.push(vec![
            t.id.clone(),
            num(t.score),
            t.change.map(num).unwrap_or_else(|| "-".into()),
            t.verdict.to_string(),
            sparkline(&a.test_series(&t.id)),
            info.question.clone(),
        ]);
    }
    let _ = writeln!(s, "Tests, current window");
    table(&mut s, &rows);
    s.push('\n');

    // Indicators.
    let mut rows = vec![row(&[
        "indicator",
        "test",
        "dir",
        "weight",
        "previous",
        "current",
        "change",
        "per bucket",
    ])];
    for i in &a.indicators {
        let mut r = vec![
            i.id.clone(),
            i.test.clone(),
            dir(i.direction).into(),
            num(i.weight),
        ];
        r.extend(indicator_values(i, "-"));
        r.push(sparkline(&i.values));
        rows.push(r);
    }
    let _ = writeln!(
        s,
        "Indicators (value = events, or mentions where the watch says so)"
    );
    table(&mut s, &rows);
    // Matched but pointing the other way (an accusation under a progress indicator): left out
    // of the values, and said so.
    for i in a.indicators.iter().filter(|i| !i.contradicting.is_empty()) {
        let _ = writeln!(
            s,
            "  {}: {} matching event(s) left out, their type and mode point against {}: {}",
            i.id,
            i.contradicting.len(),
            dir(i.direction),
            i.contradicting.join(", ")
        );
    }
    s.push('\n');

    // Dyad.
    let mut rows = vec![row(&[
        "dyad",
        "events",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "goldstein sum",
        "mean",
        "score sum",
        "mean",
        "per bucket",
    ])];
    for d in &a.dyads {
        let mut r = dyad_cells(&d.label, &d.total);
        r.push(sparkline(
            &d.points
                .iter()
                .map(|p| f64::from(p.events))
                .collect::<Vec<_>>(),
        ));
        rows.push(r);
    }
    let _ = writeln!(s, "Dyad over the period ({} .. {})", a.from, a.to);
    table(&mut s, &rows);
    s.push('\n');

    // Alerts.
    let _ = writeln!(s, "Alerts ({})", a.alerts.len());
    for al in &a.alerts {
        let _ = writeln!(
            s,
            "  [{}] {}",
            kind_name(al.kind),
            terminal_safe(&al.message)
        );
        for id in al.evidence.iter().take(ALERT_EVIDENCE) {
            evidence_line(&mut s, a, id, "      ");
        }
    }
    s.push('\n');

    // Sequences.
    if !a.sequences.is_empty() {
        let _ = writeln!(s, "Sequences");
        for q in &a.sequences {
            let _ = writeln!(s, "  {} ({})", sequence_heading(q), q.id);
            for m in &q.matches {
                let _ = writeln!(s, "    {}", match_line(q, m));
                for (step, id) in [("a", &m.a), ("b", &m.b)] {
                    evidence_line(&mut s, a, id, &format!("      {step}: "));
                }
            }
        }
        s.push('\n');
    }

    // Evidence.
    let _ = writeln!(s, "Evidence, current window");
    for t in &cur.tests {
        let _ = writeln!(s, "  {} ({}):", t.id, t.verdict);
        if t.evidence.is_empty() {
            let _ = writeln!(s, "    no events");
        }
        for id in &t.evidence {
            evidence_line(&mut s, a, id, "    ");
        }
    }
    s.push('\n');
    let all = window_events(a, cur);
    let _ = writeln!(
        s,
        "All events counted in the current window ({})",
        all.len()
    );
    for e in all.iter().take(TEXT_EVENTS) {
        evidence_line(&mut s, a, &e.id, "  ");
    }
    if all.len() > TEXT_EVENTS {
        let _ = writeln!(
            s,
            "  … and {} more: --format html, markdown or json lists them all",
            all.len() - TEXT_EVENTS
        );
    }
    s.push('\n');
    let _ = writeln!(s, "{}", skipped_line(a));
    s
}

/// A Markdown brief; `charts` from [`render_charts`].
pub fn markdown(a: &Assessment, charts: &[ChartFile]) -> String {
    let mut s = String::new();
    let w = &a.watch;
    let _ = writeln!(s, "# {}\n", w.name);
    if !w.description.is_empty() {
        let _ = writeln!(s, "{}\n", w.description.trim());
    }
    let _ = writeln!(s, "{}.  \n{}.\n", parties_line(a), period_line(a));
    if let Some(cur) = a.current() {
        let _ = writeln!(
            s,
            "## Verdict {} to {}: **{}**\n",
            cur.start, cur.end, cur.verdict
        );
        for r in &cur.reasons {
            let _ = writeln!(s, "- {}", md_esc(r));
        }
        s.push('\n');
        md_head(&mut s, &WINDOW_COLUMNS, WINDOW_ALIGN);
        for win in &a.windows {
            md_row(&mut s, &window_cells(win));
        }
        s.push('\n');
        md_history(&mut s, a);
        let _ = writeln!(s, "## Tests\n");
        md_head(
            &mut s,
            &["test", "score", "change", "verdict", "question"],
            "lrrll",
        );
        for (t, info) in cur.tests.iter().zip(&w.tests) {
            md_row(
                &mut s,
                &[
                    info.title.clone(),
                    num(t.score),
                    t.change.map(num).unwrap_or_else(|| "–".into()),
                    t.verdict.to_string(),
                    info.question.clone(),
                ],
            );
        }
        s.push('\n');
        for (t, info) in cur.tests.iter().zip(&w.tests) {
            let _ = writeln!(s, "### {}: {}\n", info.title, t.verdict);
            if let Some(c) = charts
                .iter()
                .find(|c| c.chart.name == format!("test-{}", t.id))
            {
                let _ = writeln!(
                    s,
                    "![{}]({}) ([PNG]({}))\n",
                    md_esc(&c.chart.title),
                    c.svg_href,
                    c.png_href
                );
            }
            md_head(
                &mut s,
                &[
                    "indicator",
                    "dir",
                    "weight",
                    "previous",
                    "current",
                    "change",
                ],
                INDICATOR_ALIGN,
            );
            for i in a.indicators.iter().filter(|i| i.test == t.id) {
                md_row(&mut s, &indicator_cells(i));
            }
            s.push('\n');
            if t.evidence.is_empty() {
                let _ = writeln!(s, "No events in this window.\n");
            } else {
                let _ = writeln!(s, "Evidence:\n");
                for id in &t.evidence {
                    if let Some(e) = a.event(id) {
                        let _ = writeln!(s, "- {}", md_evidence(e));
                    }
                }
                s.push('\n');
            }
        }
    }
    let _ = writeln!(s, "## The dyad\n");
    for c in charts.iter().filter(|c| c.chart.name.starts_with("dyad-")) {
        let _ = writeln!(
            s,
            "![{}]({}) ([PNG]({}))\n",
            md_esc(&c.chart.title),
            c.svg_href,
            c.png_href
        );
    }
    md_head(&mut s, &DYAD_COLUMNS, DYAD_ALIGN);
    for d in &a.dyads {
        md_row(&mut s, &dyad_cells(&d.label, &d.total));
    }
    s.push('\n');
    let _ = writeln!(s, "## Alerts\n");
    if a.alerts.is_empty() {
        let _ = writeln!(s, "None.\n");
    }
    for al in &a.alerts {
        let _ = writeln!(s, "- **{}** {}", kind_name(al.kind), md_esc(&al.message));
        for e in alert_evidence(a, al) {
            let _ = writeln!(s, "  - {}", md_evidence(e));
        }
    }
    s.push('\n');
    if !a.sequences.is_empty() {
        let _ = writeln!(s, "## Sequences\n");
        for q in &a.sequences {
            let _ = writeln!(s, "### {} (`{}`)\n", md_esc(&sequence_heading(q)), q.id);
            for m in &q.matches {
                let _ = writeln!(s, "- {}", md_esc(&match_line(q, m)));
                for (step, id) in [("a", &m.a), ("b", &m.b)] {
                    if let Some(e) = a.event(id) {
                        let _ = writeln!(s, "  - {step}: {}", md_evidence(e));
                    }
                }
            }
            s.push('\n');
        }
    }
    if let Some(cur) = a.current() {
        let all = window_events(a, cur);
        let _ = writeln!(
            s,
            "## All events counted in the current window ({})\n",
            all.len()
        );
        for e in all {
            let _ = writeln!(s, "- {}", md_evidence(e));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "---\n\n{}  ", skipped_line(a));
    let _ = writeln!(
        s,
        "Watch `{}`; scoring tables: {}. Every event id above is in the JSON output (`--format json`) with its sentence.",
        w.origin,
        tables_used(a)
    );
    s
}

/// An HTML brief with the charts inline (and linked as SVG and PNG files).
pub fn html(a: &Assessment, charts: &[ChartFile]) -> String {
    let mut s = String::new();
    let w = &a.watch;
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        h(&w.name)
    );
    let _ = writeln!(s, "<h1>{}</h1>", h(&w.name));
    if !w.description.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", h(w.description.trim()));
    }
    let _ = writeln!(
        s,
        "<p>{}.<br>{}.</p>",
        h(&parties_line(a)),
        h(&period_line(a))
    );
    if let Some(cur) = a.current() {
        let _ = writeln!(
            s,
            "<h2>Verdict {} to {}: <span class=\"verdict {}\">{}</span></h2>\n<ul>",
            cur.start,
            cur.end,
            cur.verdict.as_str().replace(' ', "-"),
            cur.verdict
        );
        for r in &cur.reasons {
            let _ = writeln!(s, "<li>{}</li>", h(r));
        }
        let _ = writeln!(s, "</ul>");
        html_head(&mut s, &WINDOW_COLUMNS);
        for win in &a.windows {
            html_row(&mut s, &window_cells(win), WINDOW_ALIGN);
        }
        let _ = writeln!(s, "</table>");
        html_history(&mut s, a);
        html_evidence_list(&mut s, a, cur, &cur.evidence, "What moved the verdict");
        let _ = writeln!(s, "<h2>Tests</h2>");
        for (t, info) in cur.tests.iter().zip(&w.tests) {
            let _ = writeln!(
                s,
                "<section><h3>{}: <span class=\"verdict {}\">{}</span> <small>score {}{}</small></h3>",
                h(&info.title),
                t.verdict.as_str().replace(' ', "-"),
                t.verdict,
                num(t.score),
                t.change.map(|c| format!(", change {}", num(c))).unwrap_or_default()
            );
            if !info.question.is_empty() {
                let _ = writeln!(s, "<p>{}</p>", h(&info.question));
            }
            if let Some(c) = charts
                .iter()
                .find(|c| c.chart.name == format!("test-{}", t.id))
            {
                html_chart(&mut s, c);
            }
            html_head(
                &mut s,
                &[
                    "indicator",
                    "direction",
                    "weight",
                    "previous",
                    "current",
                    "change",
                ],
            );
            for i in a.indicators.iter().filter(|i| i.test == t.id) {
                html_row(&mut s, &indicator_cells(i), INDICATOR_ALIGN);
            }
            let _ = writeln!(s, "</table>");
            html_evidence_list(&mut s, a, cur, &t.evidence, "Evidence");
            let _ = writeln!(s, "</section>");
        }
    }
    let _ = writeln!(s, "<h2>The dyad</h2>");
    for c in charts.iter().filter(|c| c.chart.name.starts_with("dyad-")) {
        html_chart(&mut s, c);
    }
    html_head(&mut s, &DYAD_COLUMNS);
    for d in &a.dyads {
        html_row(&mut s, &dyad_cells(&d.label, &d.total), DYAD_ALIGN);
    }
    let _ = writeln!(s, "</table>");
    let _ = writeln!(s, "<h2>Alerts</h2>");
    if a.alerts.is_empty() {
        let _ = writeln!(s, "<p>None.</p>");
    } else {
        let _ = writeln!(s, "<ul>");
        for al in &a.alerts {
            let _ = writeln!(
                s,
                "<li><b>{}</b> {}<ul>",
                kind_name(al.kind),
                h(&al.message)
            );
            for e in alert_evidence(a, al) {
                let _ = writeln!(s, "<li>{}</li>", html_evidence(e));
            }
            let _ = writeln!(s, "</ul></li>");
        }
        let _ = writeln!(s, "</ul>");
    }
    if !a.sequences.is_empty() {
        let _ = writeln!(s, "<h2>Sequences</h2>");
        for q in &a.sequences {
            let _ = writeln!(
                s,
                "<h3>{} <code>{}</code></h3>",
                h(&sequence_heading(q)),
                h(&q.id)
            );
            if q.matches.is_empty() {
                let _ = writeln!(s, "<p>No match.</p>");
                continue;
            }
            let _ = writeln!(s, "<ul class=\"sequence\">");
            for m in &q.matches {
                let _ = writeln!(s, "<li>{}<ul>", h(&match_line(q, m)));
                for (step, id) in [("a", &m.a), ("b", &m.b)] {
                    if let Some(e) = a.event(id) {
                        let _ = writeln!(s, "<li>{step}: {}</li>", html_evidence(e));
                    }
                }
                let _ = writeln!(s, "</ul></li>");
            }
            let _ = writeln!(s, "</ul>");
        }
    }
    if let Some(cur) = a.current() {
        let all = window_events(a, cur);
        let _ = writeln!(
            s,
            "<h2>All events counted in the current window ({})</h2>",
            all.len()
        );
        for e in all {
            let _ = writeln!(s, "<div class=\"ev\">{}</div>", html_evidence(e));
        }
    }
    let _ = writeln!(
        s,
        "<footer><p>{}</p><p>Watch <code>{}</code>; scoring tables: {}.</p></footer>\n</body>\n</html>",
        h(&skipped_line(a)),
        h(&w.origin),
        h(&tables_used(a))
    );
    s
}

/// How many of the window's events the terminal report lists (the briefs and JSON list all).
const TEXT_EVENTS: usize = 40;

/// Eight levels, lowest to highest.
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One block per value, scaled to the largest magnitude; zero is the lowest block.
pub fn sparkline(values: &[f64]) -> String {
    let max = values.iter().map(|v| v.abs()).fold(0.0, f64::max);
    values
        .iter()
        .map(|v| {
            if max == 0.0 {
                SPARKS[0]
            } else {
                let i = ((v.abs() / max) * 7.0).round() as usize;
                SPARKS[i.min(7)]
            }
        })
        .collect()
}

const CSS: &str = "body{font-family:system-ui,'DejaVu Sans',sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#111}\
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.verdict{padding:0 .3em;border-radius:3px}\
.progress{background:#d9f2d9}.managed-stalemate{background:#fff2cc}.escalation{background:#f8d0d0}\
.ev{margin:.3em 0}.ev .meta{color:#555;font-size:.9em}.ev [dir=rtl]{font-size:1.1em}\
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}section{border-top:1px solid #eee;margin-top:1em}\
.strip{display:flex;gap:1px;margin:.5em 0}.strip .cell{flex:1 1 0;min-width:3px;height:1.6em;display:block}\
.strip .no-data{background:repeating-linear-gradient(45deg,#eee,#eee 3px,#fff 3px,#fff 6px)}\
.strip .change{box-shadow:inset 0 -4px 0 #222}.legend .cell{display:inline-block;width:1em;height:1em;vertical-align:middle}";

fn html_chart(s: &mut String, c: &ChartFile) {
    let _ = writeln!(
        s,
        "<figure>\n<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">\n<figcaption>{} — <a href=\"{}\">SVG</a> · <a href=\"{}\">PNG</a></figcaption>\n</figure>",
        h(&c.svg_href),
        h(&c.chart.title),
        chart::WIDTH,
        chart::HEIGHT,
        h(&c.chart.title),
        h(&c.svg_href),
        h(&c.png_href)
    );
}

fn html_evidence_list(
    s: &mut String,
    a: &Assessment,
    _w: &WindowAssessment,
    ids: &[String],
    title: &str,
) {
    if ids.is_empty() {
        let _ = writeln!(s, "<p>No events in this window.</p>");
        return;
    }
    let _ = writeln!(s, "<h4>{}</h4>", h(title));
    for id in ids {
        if let Some(e) = a.event(id) {
            let _ = writeln!(s, "<div class=\"ev\">{}</div>", html_evidence(e));
        }
    }
}

fn html_evidence(e: &EvidenceEvent) -> String {
    let dir_attr = if is_rtl(&e.language) {
        format!(" dir=\"rtl\" lang=\"{}\"", h(&e.language))
    } else {
        format!(" lang=\"{}\"", h(&e.language))
    };
    format!(
        "<div class=\"meta\">{} · {} · {} → {} · {}{} · {} mention(s) · <code>{}</code></div><div{dir_attr}>{}</div>",
        e.date,
        h(&e.event),
        h(&e.actor),
        h(if e.recipient.is_empty() { "–" } else { &e.recipient }),
        e.goldstein.map(|g| format!("Goldstein {g}")).unwrap_or_default(),
        e.mode.as_ref().map(|m| format!(" · {}", h(m))).unwrap_or_default(),
        e.mentions,
        h(&e.id),
        h(&excerpt(e))
    )
}

fn md_evidence(e: &EvidenceEvent) -> String {
    format!(
        "{} **{}** {} → {} ({}, {} mention(s)): \u{2068}{}\u{2069}",
        e.date,
        md_esc(&e.event),
        md_esc(&e.actor),
        if e.recipient.is_empty() {
            "–".to_owned()
        } else {
            md_esc(&e.recipient)
        },
        md_code(&e.id),
        e.mentions,
        md_esc(&excerpt(e))
    )
}

/// One evidence line for the terminal: the fixed columns, then the sentence in an isolate.
fn evidence_line(s: &mut String, a: &Assessment, id: &str, indent: &str) {
    let Some(e) = a.event(id) else {
        let _ = writeln!(s, "{indent}{}", terminal_safe(id));
        return;
    };
    let _ = writeln!(
        s,
        "{indent}{}  {:<8}  {} → {}  [{}]  \u{2068}{}\u{2069}",
        e.date,
        terminal_safe(&e.event),
        terminal_safe(&e.actor),
        if e.recipient.is_empty() {
            "-".into()
        } else {
            terminal_safe(&e.recipient)
        },
        terminal_safe(&e.id),
        terminal_safe(&excerpt(e))
    );
}

/// A sequence's title with its rule and match count: `… (b within 72 h after a): 1 match`.
fn sequence_heading(q: &SequenceSeries) -> String {
    let n = q.matches.len();
    format!(
        "{} (b within {} {} a): {n} match{}",
        q.title,
        within(q),
        order_word(q.order),
        if n == 1 { "" } else { "es" }
    )
}

fn order_word(o: SequenceOrder) -> &'static str {
    match o {
        SequenceOrder::After => "after",
        SequenceOrder::Before => "before",
    }
}

/// `72 h`, `48 h` or `7 days`: hours up to three days, as analysts say them.
fn within(q: &SequenceSeries) -> String {
    if q.within_hours > 72 && q.within_hours / 24 * 24 == q.within_hours {
        format!("{} days", q.within_hours / 24)
    } else {
        format!("{} h", q.within_hours)
    }
}

/// One match: its date, the gap and whether its order is known.
fn match_line(q: &SequenceSeries, m: &SequenceMatch) -> String {
    let way = order_word(q.order);
    let how = if m.ordered {
        format!("b {} h {way} a", num(m.hours))
    } else {
        "same day, order unknown (no publication times): counted once".to_owned()
    };
    format!("{}: a {} · b {} · {how}", m.date, m.a_date, m.b_date)
}

/// The evidence a report shows: the clause around the trigger, bounded, with ellipses where the
/// sentence was cut (issue 13, item 12); the JSON output keeps the whole sentence.
fn excerpt(e: &EvidenceEvent) -> String {
    marsad_text::excerpt::around(&e.text, &e.trigger, marsad_text::excerpt::EXCERPT_CHARS)
}

/// How many of an alert's evidence events each report shows.
const ALERT_EVIDENCE: usize = 3;

/// The first [`ALERT_EVIDENCE`] evidence events of an alert, for the briefs.
fn alert_evidence<'a>(a: &'a Assessment, al: &'a Alert) -> impl Iterator<Item = &'a EvidenceEvent> {
    al.evidence
        .iter()
        .take(ALERT_EVIDENCE)
        .filter_map(|id| a.event(id))
}

/// The scoring tables the events were coded with, for a brief's footer.
fn tables_used(a: &Assessment) -> String {
    if a.tables.is_empty() {
        "none recorded".to_owned()
    } else {
        a.tables.join(", ")
    }
}

/// Every event a series counts in the window, by date then id.
fn window_events<'a>(a: &'a Assessment, w: &WindowAssessment) -> Vec<&'a EvidenceEvent> {
    let mut v: Vec<&EvidenceEvent> = a
        .events
        .iter()
        .filter(|e| (w.start..=w.end).contains(&e.date))
        .collect();
    v.sort_by(|x, y| x.date.cmp(&y.date).then_with(|| x.id.cmp(&y.id)));
    v
}

/// The columns of the verdict windows' table in the briefs, and their alignment (`l` left, `r`
/// right, for numbers).
const WINDOW_COLUMNS: [&str; 4] = ["window", "score", "change", "verdict"];
const WINDOW_ALIGN: &str = "lrrl";
/// The alignment of an indicator's row ([`indicator_cells`]).
const INDICATOR_ALIGN: &str = "llrrrr";
/// The columns of the dyad's table in the briefs ([`dyad_cells`]).
const DYAD_COLUMNS: [&str; 10] = [
    "dyad",
    "events",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Goldstein sum",
    "mean",
    "PLOVER score sum",
    "mean",
];
const DYAD_ALIGN: &str = "lrrrrrrrrr";

/// `Iran – United States; mediators: Oman`, the first line of a brief.
fn parties_line(a: &Assessment) -> String {
    let w = &a.watch;
    format!(
        "{} – {}; mediators: {}",
        w.parties[0],
        w.parties[1],
        list_or_none(&w.mediators)
    )
}

/// `Period … to …, 4 weekly buckets, verdict windows of 14 days`, the second line of a brief.
fn period_line(a: &Assessment) -> String {
    format!(
        "Period {} to {}, {} {} buckets, verdict windows of {} days",
        a.from,
        a.to,
        a.buckets.len(),
        bucket_name(a),
        a.watch.window_days
    )
}

/// One verdict window's row in the briefs.
fn window_cells(win: &WindowAssessment) -> Vec<String> {
    vec![
        format!(
            "{} to {}{}",
            win.start,
            win.end,
            if win.partial { " (partial)" } else { "" }
        ),
        num(win.score),
        win.change.map(num).unwrap_or_else(|| "–".into()),
        win.verdict.to_string(),
    ]
}

/// One indicator's row in the briefs: title, direction, weight, then [`indicator_values`].
fn indicator_cells(i: &IndicatorSeries) -> Vec<String> {
    let mut cells = vec![i.title.clone(), dir(i.direction).into(), num(i.weight)];
    cells.extend(indicator_values(i, "–"));
    cells
}

/// An indicator's value in the previous and the current window and its change, `missing` where
/// there is none.
fn indicator_values(i: &IndicatorSeries, missing: &str) -> [String; 3] {
    let n = i.windows.len();
    let cur = n.checked_sub(1).map(|k| &i.windows[k]);
    [
        n.checked_sub(2)
            .map_or_else(|| missing.into(), |k| num(i.windows[k].value)),
        cur.map_or_else(|| missing.into(), |c| num(c.value)),
        cur.and_then(|c| c.change)
            .map_or_else(|| missing.into(), num),
    ]
}

/// A Markdown table's header and alignment row; columns past `align` are left-aligned.
fn md_head(s: &mut String, columns: &[&str], align: &str) {
    let rule: Vec<&str> = align
        .chars()
        .chain(std::iter::repeat('l'))
        .take(columns.len())
        .map(|c| if c == 'r' { "---:" } else { "---" })
        .collect();
    let _ = writeln!(s, "| {} |\n|{}|", columns.join(" | "), rule.join("|"));
}

/// A Markdown table row, its cells escaped.
fn md_row(s: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| md_esc(c)).collect();
    let _ = writeln!(s, "| {} |", cells.join(" | "));
}

/// An HTML table's opening tag and header row.
fn html_head(s: &mut String, columns: &[&str]) {
    let _ = write!(s, "<table><tr>");
    for c in columns {
        let _ = write!(s, "<th>{}</th>", h(c));
    }
    let _ = writeln!(s, "</tr>");
}

/// An HTML table row, its cells escaped; a cell aligned `r` is a number (`class="n"`), and cells
/// past `align` are left-aligned.
fn html_row(s: &mut String, cells: &[String], align: &str) {
    let _ = write!(s, "<tr>");
    for (c, a) in cells
        .iter()
        .zip(align.chars().chain(std::iter::repeat('l')))
    {
        let class = if a == 'r' { " class=\"n\"" } else { "" };
        let _ = write!(s, "<td{class}>{}</td>", h(c));
    }
    let _ = writeln!(s, "</tr>");
}

fn dyad_cells(label: &str, p: &DyadPoint) -> Vec<String> {
    let opt = |v: Option<f64>| v.map(num).unwrap_or_else(|| "-".into());
    vec![
        label.to_owned(),
        p.events.to_string(),
        p.quad[0].to_string(),
        p.quad[1].to_string(),
        p.quad[2].to_string(),
        p.quad[3].to_string(),
        num(p.goldstein_sum),
        opt(p.goldstein_mean),
        num(p.scale_sum),
        opt(p.scale_mean),
    ]
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Aligned columns; the last column is left unpadded.
fn table(s: &mut String, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    for r in rows {
        let mut line = String::from("  ");
        for (i, c) in r.iter().enumerate() {
            // Cells carry names from the watch and the database: see `terminal_safe`.
            let c = terminal_safe(c);
            line.push_str(&c);
            if i + 1 < r.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count() + 2));
            }
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
}

fn num(x: f64) -> String {
    let x = crate::assess::round(x);
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').to_owned()
    }
}

fn dir(d: Direction) -> &'static str {
    match d {
        Direction::Progress => "progress",
        Direction::Escalation => "escalation",
    }
}

fn kind_name(k: crate::assess::AlertKind) -> &'static str {
    match k {
        crate::assess::AlertKind::Threshold => "threshold",
        crate::assess::AlertKind::Spike => "spike",
        crate::assess::AlertKind::Silence => "silence",
    }
}

fn bucket_name(a: &Assessment) -> &'static str {
    match a.watch.bucket {
        crate::def::Bucket::Day => "daily",
        crate::def::Bucket::Week => "weekly",
    }
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn skipped_line(a: &Assessment) -> String {
    let k = &a.skipped;
    format!(
        "Left out: {} negated, {} with an excluded aux mode, {} undated, {} below the minimum confidence, {} outside the period.",
        k.negated, k.aux, k.undated, k.low_confidence, k.outside_period
    )
}

fn is_rtl(lang: &str) -> bool {
    matches!(lang, "ar" | "fa" | "ur" | "he")
}

fn h(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Untrusted text as Markdown that shows it literally: `&`, `<` and `>` become entities (no raw
/// HTML, no autolinks), the characters that open emphasis, code, links, tables or strikethrough
/// anywhere in a line are backslash-escaped, and line breaks and control characters go as in
/// [`terminal_safe`] (a brief is also read with `cat`). Characters that are special only at the
/// start of a line (`#`, `-`, `+`, digits) are left alone: every escaped value is written after a
/// list marker, a table pipe or other text, never at a line start.
fn md_esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal_safe(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An event id as a Markdown code span: ids come from the database, so a backtick (which would
/// end the span) or a control character is dropped.
fn md_code(s: &str) -> String {
    let id: String = terminal_safe(s).chars().filter(|c| *c != '`').collect();
    format!("`{id}`")
}

// ---------------------------------------------------------------------------------------------
// The verdict over time (issue 14, item 2): a strip of one cell per bucket, then the change
// points with the events that entered and left the window.

/// A change with its sign: `+1`, `-0.5`.
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

/// `day` or `week`: what one cell of the strip stands for.
fn bucket_unit(a: &Assessment) -> &'static str {
    match a.watch.bucket {
        crate::def::Bucket::Day => "day",
        crate::def::Bucket::Week => "week",
    }
}

/// One character per verdict in the terminal strip.
fn verdict_char(v: crate::Verdict) -> char {
    match v {
        crate::Verdict::Progress => 'P',
        crate::Verdict::ManagedStalemate => 's',
        crate::Verdict::Escalation => 'E',
        crate::Verdict::NoData => '·',
    }
}

/// How many of a change point's events the terminal report and the Markdown brief show per side.
const CHANGE_LINES: usize = 3;

fn text_history(s: &mut String, a: &Assessment) {
    if a.history.is_empty() {
        return;
    }
    let strip: String = a.history.iter().map(|c| verdict_char(c.verdict)).collect();
    let marks: String = a
        .history
        .iter()
        .map(|c| if c.change.is_some() { '^' } else { ' ' })
        .collect();
    let _ = writeln!(
        s,
        "  verdict over time ({} to {}, the {}-day window ending each {}; P progress, s managed stalemate, E escalation, · no data, ^ change):",
        a.history[0].end,
        a.history[a.history.len() - 1].end,
        a.watch.window_days,
        bucket_unit(a),
    );
    let _ = writeln!(s, "    {strip}");
    let _ = writeln!(s, "    {}", marks.trim_end());
    for (cell, ch) in a.changes() {
        let _ = writeln!(
            s,
            "  {} {} → {} (score {}, change {}): {} entered, {} left",
            cell.bucket,
            ch.from,
            ch.to,
            num(cell.score),
            signed(ch.score_change),
            ch.entered_total,
            ch.left_total
        );
        for id in ch.entered.iter().take(CHANGE_LINES) {
            evidence_line(s, a, id, "    + ");
        }
        for id in ch.left.iter().take(CHANGE_LINES) {
            evidence_line(s, a, id, "    − ");
        }
    }
    s.push('\n');
}

fn md_history(s: &mut String, a: &Assessment) {
    if a.history.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "## The verdict over time
"
    );
    let _ = writeln!(
        s,
        "One cell per {}: the verdict of the {}-day window ending there (`P` progress, `s` managed stalemate, `E` escalation, `·` no data; `^` marks a change).
",
        bucket_unit(a),
        a.watch.window_days
    );
    let strip: String = a.history.iter().map(|c| verdict_char(c.verdict)).collect();
    let marks: String = a
        .history
        .iter()
        .map(|c| if c.change.is_some() { '^' } else { ' ' })
        .collect();
    let _ = writeln!(
        s,
        "```\n{} {strip} {}\n{} {}\n```\n",
        a.history[0].end,
        a.history[a.history.len() - 1].end,
        " ".repeat(a.history[0].end.to_string().len()),
        marks.trim_end()
    );
    for (cell, ch) in a.changes() {
        let _ = writeln!(
            s,
            "- **{}**: {} → {} (score {}, change {}); {} event(s) entered the window, {} left it",
            cell.bucket,
            ch.from,
            ch.to,
            num(cell.score),
            signed(ch.score_change),
            ch.entered_total,
            ch.left_total
        );
        for id in ch.entered.iter().take(CHANGE_LINES) {
            if let Some(e) = a.event(id) {
                let _ = writeln!(s, "  - entered: {}", md_evidence(e));
            }
        }
        for id in ch.left.iter().take(CHANGE_LINES) {
            if let Some(e) = a.event(id) {
                let _ = writeln!(s, "  - left: {}", md_evidence(e));
            }
        }
    }
    s.push('\n');
}

/// The strip as HTML: one cell per bucket coloured by verdict (classes `progress`,
/// `managed-stalemate`, `escalation`, `no-data`); a change point is a link (`change`) to its
/// section below, which lists the events that entered and left the window with their sentences.
fn html_history(s: &mut String, a: &Assessment) {
    if a.history.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<h2>The verdict over time</h2>\n<p>One cell per {}: the verdict of the {}-day window ending there; a marked cell is a change point, linked to the events that caused it.</p>\n<p class=\"legend\"><span class=\"cell progress\"></span> progress <span class=\"cell managed-stalemate\"></span> managed stalemate <span class=\"cell escalation\"></span> escalation <span class=\"cell no-data\"></span> no data</p>",
        bucket_unit(a),
        a.watch.window_days
    );
    s.push_str("<div class=\"strip\">");
    for c in &a.history {
        let class = c.verdict.as_str().replace(' ', "-");
        let title = format!(
            "{} to {}: {} (score {})",
            c.start,
            c.end,
            c.verdict,
            num(c.score)
        );
        match &c.change {
            Some(ch) => {
                let _ = write!(
                    s,
                    "<a class=\"cell {class} change\" href=\"#change-{}\" title=\"{}; was {}\"></a>",
                    h(&c.bucket),
                    h(&title),
                    ch.from
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<span class=\"cell {class}\" title=\"{}\"></span>",
                    h(&title)
                );
            }
        }
    }
    s.push_str("</div>\n");
    for (cell, ch) in a.changes() {
        let _ = writeln!(
            s,
            "<section id=\"change-{}\"><h4>{}: {} → <span class=\"verdict {}\">{}</span> <small>score {}, change {}</small></h4>",
            h(&cell.bucket),
            h(&cell.bucket),
            ch.from,
            ch.to.as_str().replace(' ', "-"),
            ch.to,
            num(cell.score),
            signed(ch.score_change)
        );
        let _ = writeln!(s, "<ul>");
        for r in &ch.reasons {
            let _ = writeln!(s, "<li>{}</li>", h(r));
        }
        let _ = writeln!(s, "</ul>");
        for (what, ids, total) in [
            ("Entered the window", &ch.entered, ch.entered_total),
            ("Left the window", &ch.left, ch.left_total),
        ] {
            if ids.is_empty() {
                continue;
            }
            let _ = writeln!(s, "<p>{what} ({total}):</p>");
            for id in ids {
                if let Some(e) = a.event(id) {
                    let _ = writeln!(s, "<div class=\"ev\">{}</div>", html_evidence(e));
                }
            }
        }
        let _ = writeln!(s, "</section>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a table of `columns` aligned as `align` with one row of `cells`, in Markdown and in
    /// HTML, and compares both with what is expected.
    fn check(columns: &[&str], align: &str, cells: &[&str], md: &str, html: &str) {
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mut got = String::new();
        md_head(&mut got, columns, align);
        md_row(&mut got, &cells);
        assert_eq!(got, md);
        let mut got = String::new();
        html_head(&mut got, columns);
        html_row(&mut got, &cells, align);
        assert_eq!(got, html);
    }

    #[test]
    fn numbers_align_right_and_cells_are_escaped() {
        check(
            &["dyad", "events", "verdict"],
            "lrl",
            &["IRN|USA", "3", "a <b>\nc"],
            "| dyad | events | verdict |\n|---|---:|---|\n| IRN\\|USA | 3 | a &lt;b&gt; c |\n",
            "<table><tr><th>dyad</th><th>events</th><th>verdict</th></tr>\n\
             <tr><td>IRN|USA</td><td class=\"n\">3</td><td>a &lt;b&gt;\nc</td></tr>\n",
        );
    }

    /// Issue 13, item 12: a run-on evidence sentence of over 1,000 characters shows, in every
    /// report format, the clause around its trigger with ellipses; the JSON keeps it whole.
    #[test]
    fn issue_13_run_on_evidence_shows_the_clause_of_the_trigger() {
        let filler = "وتحدث المسؤول عن التطورات الاقتصادية في المنطقة خلال الأعوام الماضية، ";
        let clause = "كما استقبل ولي العهد وزير الخارجية الإيراني في الرياض، ";
        let text = format!("{}{clause}{}", filler.repeat(8), filler.repeat(8));
        assert!(text.chars().count() > 1000);
        let e = EvidenceEvent {
            id: "ev-1".into(),
            date: chrono::NaiveDate::from_ymd_opt(2015, 7, 2).expect("date"),
            event: "CONSULT".into(),
            mode: None,
            quad_code: Some(1),
            goldstein: None,
            event_scale: None,
            actor: "SAU GOV".into(),
            recipient: "IRN GOV".into(),
            text: text.clone(),
            trigger: "استقبل".into(),
            language: "ar".into(),
            mentions: 1,
            sources: 1,
        };
        let shown = excerpt(&e);
        assert!(shown.contains(clause.trim_end()), "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 302, "{}", shown.chars().count());
        for out in [html_evidence(&e), md_evidence(&e)] {
            assert!(
                out.contains("كما استقبل ولي العهد") && out.chars().count() < 600,
                "{out}"
            );
        }
        let json = serde_json::to_string(&e).expect("json");
        assert!(json.contains(&text), "the JSON keeps the whole sentence");
    }

    #[test]
    fn cells_past_the_alignment_are_left_aligned() {
        check(
            &["a", "b"],
            "r",
            &["1", "x"],
            "| a | b |\n|---:|---|\n| 1 | x |\n",
            "<table><tr><th>a</th><th>b</th></tr>\n<tr><td class=\"n\">1</td><td>x</td></tr>\n",
        );
    }
}
