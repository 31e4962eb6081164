/// The one stylesheet: system fonts (with CJK fallbacks), high contrast, a visible focus ring,
/// and layouts that work on a phone and with the keyboard.
enum Stylesheet {
    static let css = """
        :root { --ink: #1a1a1a; --paper: #ffffff; --accent: #0b4f8a; --muted: #4a4a4a; --line: #c8c8c8;
          --warn: #8a1c1c; --ok: #1d5e20; --soft: #f2f5f8; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.5;
          font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP",
            "Apple SD Gothic Neo", "Hiragino Sans", "Malgun Gothic", "Yu Gothic", sans-serif; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus {
          outline: 3px solid #f0b400; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; z-index: 10; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .75rem 1.5rem;
          border-bottom: 2px solid var(--accent); background: var(--soft); }
        header .brand { margin: 0; font-weight: 700; font-size: 1.2rem; }
        header .brand a { text-decoration: none; color: var(--ink); }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
        .account { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        .account form, .language { display: inline-flex; gap: .4rem; align-items: center; margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; margin-top: 0; }
        h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--soft); }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
        dl.fields dt { font-weight: 600; color: var(--muted); }
        dl.fields dd { margin: 0; }
        form.stacked { display: grid; gap: .9rem; max-width: 40rem; }
        form.stacked fieldset { border: 1px solid var(--line); padding: .8rem 1rem; display: grid; gap: .8rem; }
        label { font-weight: 600; display: block; }
        label.inline { display: inline; font-weight: 400; }
        form.inline { display: inline; }
        details.form { margin: .75rem 0; }
        details.form summary { cursor: pointer; color: var(--accent); font-weight: 600; }
        .hint { color: var(--muted); font-size: .9rem; margin: .1rem 0 0; }
        input, select, textarea { font: inherit; padding: .45rem .55rem; border: 1px solid #767676; border-radius: 3px;
          width: 100%; max-width: 40rem; }
        input[type=checkbox], input[type=radio] { width: auto; }
        button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 3px;
          background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: var(--paper); color: var(--accent); }
        .error, [aria-invalid=true] { border-color: var(--warn); }
        .field-error { color: var(--warn); font-weight: 600; margin: .2rem 0 0; }
        .notice { border-left: 4px solid var(--accent); background: var(--soft); padding: .6rem 1rem; }
        .alert { border-left: 4px solid var(--warn); background: #fdf0f0; padding: .6rem 1rem; color: var(--warn); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
        .chart { width: 100%; height: auto; }
        .chart text { font-size: 12px; fill: var(--ink); }
        .chart rect { fill: var(--accent); }
        .chart rect.observed { fill: #9dbbd6; }
        .chart rect.suppressed { fill: none; stroke: var(--muted); stroke-dasharray: 3 2; }
        .chart .interval, .chart .axis, .chart .link { stroke: var(--ink); stroke-width: 2; fill: none; }
        .chart .axis { stroke: var(--line); stroke-width: 1; }
        .chart circle.estimate { fill: var(--warn); }
        .chart circle.on { fill: var(--ink); }
        .chart circle.off { fill: var(--line); }
        .chart.upset { max-width: 60rem; }
        .chart.estimates { max-width: 44rem; }
        .chart.reparations { max-width: 44rem; }
        .chart rect.stage-1 { fill: #5f8fbf; }
        .chart rect.stage-2 { fill: #9dbbd6; }
        .chart rect.stage-3 { fill: #2e6b3f; }
        caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .8rem; align-items: start; }
        .results li { margin: .4rem 0; }
        .kind { display: inline-block; min-width: 6rem; color: var(--muted); font-size: .9rem; }
        code.secret { font-size: 1.2rem; letter-spacing: .1em; background: var(--soft); padding: .2rem .4rem; }
        ul.codes { columns: 2; font-family: ui-monospace, monospace; }
        ins { background: #e6f4e6; text-decoration: none; }
        del { background: #fbe9e9; }
        ul.tabs { list-style: none; display: flex; gap: 1rem; padding: 0; }
        ul.tabs a[aria-current] { font-weight: 700; }
        ul.plain { list-style: none; padding: 0; }
        ul.plain li, .paragraph { margin-bottom: 0.5rem; }
        .paragraph .hint { margin-top: 0; }
        article.match { border: 1px solid var(--line); padding: 1rem; margin: 1rem 0; }
        .side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
        table.reasons td.number { text-align: right; font-variant-numeric: tabular-nums; }
        article.match fieldset { border: 0; padding: 0; display: flex; gap: .6rem; flex-wrap: wrap; }
        code.hash { font-size: .85rem; word-break: break-all; }
        figure.preview { margin: 1rem 0; }
        figure.preview img { max-width: 100%; max-height: 32rem; border: 1px solid var(--line); }
        nav.pager { display: flex; gap: 1.5rem; margin: .4rem 0 1rem; }
        .error-summary h2 { margin-top: 0; border: 0; font-size: 1.1rem; }
        section.evidence-upload { margin-top: 2rem; }
        .error-summary { border: 4px solid var(--warn); padding: .6rem 1rem; margin: 1rem 0; }
        .error-summary a { color: var(--warn); font-weight: 600; }
        fieldset .item { border-top: 1px dashed var(--line); padding-top: .6rem; display: grid; gap: .6rem; }
        .picker { display: grid; gap: .4rem; }
        .picker p.label { font-weight: 600; margin: 0; }
        fieldset.choices { display: grid; gap: .3rem; }
        ul.actions { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; padding-left: 1.1rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        """
}
