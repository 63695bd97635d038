// Protokollet web page: plain JavaScript, no build step, no external resources.
// Everything that comes from documents is put into the page with textContent / createElement,
// never innerHTML, so markup inside minutes is shown as text and never runs.
"use strict";

(function () {
  const DOC_TYPES = {
    protokoll: "Protokoll",
    minnesanteckningar: "Minnesanteckningar",
    kallelse: "Kallelse",
    "okänd": "Okänd typ",
  };
  const REASONS = {
    case_number: "samma diarienummer",
    meaning: "liknande innehåll",
  };

  const meetingCache = new Map();

  // ---- small helpers ------------------------------------------------------------------------

  /** Create an element; string children become text nodes (never parsed as HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function clear(node) {
    node.replaceChildren();
  }

  // ---- access key (only when the server keeps reads behind the operator token) -----------------

  const TOKEN_KEY = "protokollet-token";

  /** The request options with the stored access key as a Bearer header (sessionStorage: this tab only). */
  function withToken(options) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return options;
    const headers = new Headers((options && options.headers) || {});
    headers.set("Authorization", `Bearer ${token}`);
    return { ...(options || {}), headers };
  }

  function askForToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token-form").hidden = false;
  }

  function onTokenSubmit(event) {
    event.preventDefault();
    const token = $("token-input").value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token-input").value = "";
    $("token-form").hidden = true;
    populateFilters();
    showHealth();
    route();
  }

  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, withToken(options));
    } catch (err) {
      throw new Error("Kunde inte nå servern.");
    }
    if (response.status === 401) askForToken();
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok) {
      const detail = data && typeof data.detail === "string" ? data.detail : "";
      throw new Error(errorMessage(response.status, detail));
    }
    return data;
  }

  /** A Swedish explanation for the user; the server's own (English) line follows for the details. */
  function errorMessage(status, detail) {
    const lead =
      {
        401: "Behörighet saknas.",
        403: "Åtgärden är inte tillåten.",
        404: "Hittades inte.",
        413: "Texten eller filen är för stor.",
        415: "Filtypen kan inte läsas.",
        422: "Ogiltig inmatning.",
        503: "Tjänsten är inte redo ännu.",
      }[status] || `Något gick fel (${status}).`;
    return detail ? `${lead} (${detail})` : lead;
  }

  function setStatus(id, message, kind) {
    const node = $(id);
    node.textContent = message || "";
    node.className = "status" + (kind ? " " + kind : "");
  }

  function docTypeLabel(value) {
    return DOC_TYPES[value] || value || "";
  }

  function meetingLink(meetingId, paragraphId, quoteStart, quoteEnd) {
    const params = new URLSearchParams();
    if (paragraphId) params.set("p", paragraphId);
    if (quoteStart !== undefined && quoteEnd !== undefined) {
      params.set("s", String(quoteStart));
      params.set("e", String(quoteEnd));
    }
    const query = params.toString();
    return `#/meeting/${encodeURIComponent(meetingId)}${query ? "?" + query : ""}`;
  }

  /** "Kommunstyrelsen · 2024-03-20 · § 231 Budget" as separate, styled spans. */
  function sourceLine(src) {
    const parts = [
      el("span", { class: "src-body" }, src.body || "Okänt organ"),
      el("span", { class: "src-date" }, src.date || "odaterat"),
      el("span", { class: "src-item" }, [src.item_number, src.item_title].filter(Boolean).join(" ")),
    ];
    if (src.municipality) parts.splice(1, 0, el("span", { class: "src-muni" }, src.municipality));
    const line = el("span", { class: "source-line" });
    parts.forEach((part, i) => {
      if (i) line.append(el("span", { class: "sep", "aria-hidden": "true" }, " · "));
      line.append(part);
    });
    return line;
  }

  // ---- citations ------------------------------------------------------------------------------

  function citationItem(citation, number) {
    const href = meetingLink(citation.meeting_id, citation.paragraph_id, citation.quote_start, citation.quote_end);
    const badges = [];
    if (citation.doc_type && citation.doc_type !== "protokoll") {
      badges.push(el("span", { class: "badge" }, docTypeLabel(citation.doc_type)));
    }
    if (citation.case_number) badges.push(el("span", { class: "badge muted" }, citation.case_number));
    return el(
      "li",
      { class: "citation", id: number ? `citation-${number}` : null },
      el(
        "a",
        { class: "citation-link", href, "data-paragraph": citation.paragraph_id },
        number ? el("span", { class: "citation-number" }, `[${number}]`) : null,
        sourceLine(citation),
      ),
      badges.length ? el("div", { class: "badges" }, badges) : null,
      el("blockquote", { class: "quote" }, citation.quote),
    );
  }

  function citationList(citations, numbered, label) {
    return el(
      "ol",
      { class: "citations" + (numbered ? "" : " plain"), "aria-label": label },
      citations.map((c, i) => citationItem(c, numbered ? i + 1 : 0)),
    );
  }

  // ---- ask and search -------------------------------------------------------------------------

  function currentMode() {
    const checked = document.querySelector('input[name="mode"]:checked');
    return checked ? checked.value : "ask";
  }

  function filterValues() {
    return {
      body: $("f-body").value,
      municipality: $("f-municipality").value,
      from: $("f-from").value,
      to: $("f-to").value,
      type: $("f-type").value,
    };
  }

  const TRAILING_MARKERS = /(\s*\[\d+\])+\s*$/;

  function renderAnswer(answer) {
    const box = $("search-results");
    clear(box);
    const card = el("article", { class: "card answer" + (answer.answered ? "" : " unanswered"), "aria-label": "Svar" });
    card.append(el("h2", {}, answer.answered ? "Svar" : "Inget svar i protokollen"));
    if (answer.answered && answer.sentences && answer.sentences.length) {
      // One paragraph per cited agenda item, so each matter reads as its own block.
      let para = null;
      let previousSource = null;
      for (const sentence of answer.sentences) {
        const first = answer.citations[sentence.citations[0] - 1];
        const source = first ? `${first.meeting_id}|${first.item_number}` : previousSource;
        if (!para || source !== previousSource) {
          para = el("p", { class: "answer-text" });
          card.append(para);
        } else {
          para.append(" ");
        }
        previousSource = source;
        para.append(sentence.text.replace(TRAILING_MARKERS, ""));
        for (const n of sentence.citations) {
          const c = answer.citations[n - 1];
          if (!c) continue;
          para.append(
            "\u2060", // word joiner: the marker never wraps away from its sentence
            el(
              "a",
              {
                class: "marker",
                href: meetingLink(c.meeting_id, c.paragraph_id, c.quote_start, c.quote_end),
                title: `${c.body || "Okänt organ"} ${c.date || ""} ${c.item_number}`.trim(),
                "aria-label": `Källa ${n}`,
              },
              `[${n}]`,
            ),
          );
        }
      }
    } else {
      card.append(el("p", { class: "answer-text" }, answer.text));
    }
    box.append(card);
    if (answer.citations && answer.citations.length) {
      box.append(el("h2", { class: "section-title" }, "Källor"), citationList(answer.citations, true, "Källor"));
    }
    if (!answer.answered && answer.nearest && answer.nearest.length) {
      box.append(
        el("h2", { class: "section-title" }, "Närmaste avsnitt"),
        el("p", { class: "hint" }, "Dessa avsnitt ligger närmast frågan men besvarar den inte säkert."),
        citationList(answer.nearest, false, "Närmaste avsnitt"),
      );
    }
  }

  function renderHits(hits) {
    const box = $("search-results");
    clear(box);
    if (!hits.length) {
      box.append(el("p", { class: "empty" }, "Inga träffar."));
      return;
    }
    const list = el("ol", { class: "hits", "aria-label": "Träffar" });
    for (const hit of hits) {
      const c = hit.context;
      const badges = [el("span", { class: "badge" }, docTypeLabel(c.doc_type))];
      if (c.is_decision) badges.push(el("span", { class: "badge decision" }, "Beslut"));
      if (c.case_number) badges.push(el("span", { class: "badge muted" }, c.case_number));
      list.append(
        el(
          "li",
          { class: "hit card" },
          el(
            "a",
            {
              class: "citation-link",
              href: meetingLink(c.meeting_id, c.paragraph_id, hit.chunk_start, hit.chunk_end),
              "data-paragraph": c.paragraph_id,
            },
            sourceLine(c),
          ),
          el("div", { class: "badges" }, badges),
          el("p", { class: "hit-text" }, c.text),
        ),
      );
    }
    box.append(list);
  }

  async function onSearchSubmit(event) {
    event.preventDefault();
    const q = $("q").value.trim();
    if (!q) {
      setStatus("search-status", "Skriv en fråga eller några sökord.", "error");
      $("q").focus();
      return;
    }
    const filters = filterValues();
    const mode = currentMode();
    const results = $("search-results");
    results.setAttribute("aria-busy", "true");
    setStatus("search-status", mode === "ask" ? "Söker svar …" : "Söker …");
    try {
      if (mode === "ask") {
        const body = { question: q };
        for (const [key, value] of Object.entries(filters)) if (value) body[key] = value;
        const answer = await api("/api/ask", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        renderAnswer(answer);
        setStatus("search-status", answer.answered ? "" : "Protokollen innehåller inget säkert svar.");
      } else {
        const params = new URLSearchParams({ q, k: "20" });
        for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
        const data = await api(`/api/search?${params}`);
        renderHits(data.hits);
        setStatus("search-status", `${data.hits.length} träffar.`);
      }
    } catch (err) {
      clear(results);
      setStatus("search-status", err.message, "error");
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  function onModeChange() {
    $("submit").textContent = currentMode() === "ask" ? "Fråga" : "Sök";
    $("q").placeholder =
      currentMode() === "ask" ? "Till exempel: Vad beslutade kommunstyrelsen om budgeten?" : "Sökord, t.ex. budget";
  }

  // ---- agenda preparation ---------------------------------------------------------------------

  function renderAgenda(prep) {
    const box = $("agenda-results");
    clear(box);
    if (prep.warnings && prep.warnings.length) {
      box.append(
        el(
          "details",
          { class: "notes" },
          el("summary", {}, `Anmärkningar från tolkningen av texten (${prep.warnings.length})`),
          el("ul", {}, prep.warnings.map((w) => el("li", {}, w))),
        ),
      );
    }
    if (!prep.items.length) {
      box.append(el("p", { class: "empty" }, "Hittade inga ärenden i texten."));
      return;
    }
    for (const item of prep.items) {
      const card = el(
        "article",
        { class: "card agenda-item" },
        el("h2", {}, [item.number, item.title].filter(Boolean).join(" ")),
        item.case_number ? el("p", { class: "meta" }, `Diarienummer ${item.case_number}`) : null,
      );
      if (!item.earlier.length) {
        card.append(el("p", { class: "empty" }, "Ingen tidigare behandling hittades."));
      }
      for (const earlier of item.earlier) {
        card.append(
          el(
            "section",
            { class: "earlier" },
            el(
              "h3",
              {},
              el(
                "a",
                { href: meetingLink(earlier.meeting_id) },
                [earlier.body || "Okänt organ", earlier.date || "odaterat"].join(" "),
              ),
              " ",
              el("span", { class: "badge muted" }, REASONS[earlier.reason] || earlier.reason),
              earlier.doc_type && earlier.doc_type !== "protokoll"
                ? el("span", { class: "badge" }, docTypeLabel(earlier.doc_type))
                : null,
            ),
            citationList(earlier.citations, false, "Citat"),
          ),
        );
      }
      box.append(card);
    }
  }

  async function onAgendaSubmit(event) {
    event.preventDefault();
    const text = $("agenda-text").value.trim();
    const file = $("agenda-file").files[0];
    if (!text && !file) {
      setStatus("agenda-status", "Klistra in en föredragningslista eller välj en fil.", "error");
      return;
    }
    const results = $("agenda-results");
    results.setAttribute("aria-busy", "true");
    setStatus("agenda-status", "Letar efter tidigare behandlingar …");
    try {
      let options;
      if (file) {
        const form = new FormData();
        form.append("file", file);
        options = { method: "POST", body: form };
      } else {
        options = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }) };
      }
      const prep = await api("/api/agenda", options);
      renderAgenda(prep);
      setStatus("agenda-status", `${prep.items.length} ärenden.`);
    } catch (err) {
      clear(results);
      setStatus("agenda-status", err.message, "error");
    } finally {
      results.removeAttribute("aria-busy");
    }
  }

  // ---- meetings -------------------------------------------------------------------------------

  let meetingsLoaded = null;

  function loadMeetings() {
    if (!meetingsLoaded) {
      meetingsLoaded = api("/api/meetings").catch((err) => {
        meetingsLoaded = null;
        throw err;
      });
    }
    return meetingsLoaded;
  }

  function fillSelect(select, values) {
    const current = select.value;
    for (const value of values) select.append(el("option", { value }, value));
    select.value = current;
  }

  async function populateFilters() {
    try {
      const meetings = await loadMeetings();
      const unique = (key) => [...new Set(meetings.map((m) => m[key]).filter(Boolean))].sort((a, b) => a.localeCompare(b, "sv"));
      fillSelect($("f-body"), unique("body"));
      fillSelect($("f-municipality"), unique("municipality"));
    } catch (err) {
      // The filters still work without the lists; the search view shows any real error.
    }
  }

  function renderMeetingsTable(meetings) {
    const needle = $("meetings-filter").value.trim().toLowerCase();
    const tbody = $("meetings-table").querySelector("tbody");
    clear(tbody);
    const sorted = [...meetings].sort((a, b) => (b.date || "").localeCompare(a.date || ""));
    for (const m of sorted) {
      const hay = [m.body, m.municipality, m.date, docTypeLabel(m.doc_type)].join(" ").toLowerCase();
      if (needle && !hay.includes(needle)) continue;
      tbody.append(
        el(
          "tr",
          {},
          el("td", {}, el("a", { href: meetingLink(m.id) }, m.date || "odaterat")),
          el("td", {}, m.body || "Okänt organ"),
          el("td", {}, m.municipality || ""),
          el("td", {}, docTypeLabel(m.doc_type)),
          el("td", { class: "num" }, String(m.items)),
        ),
      );
    }
  }

  async function showMeetings() {
    setStatus("meetings-status", "Hämtar möten …");
    try {
      const meetings = await loadMeetings();
      renderMeetingsTable(meetings);
      setStatus("meetings-status", `${meetings.length} möten.`);
    } catch (err) {
      setStatus("meetings-status", err.message, "error");
    }
  }

  /** The paragraph text with [start, end) wrapped in <mark>; the whole text when the range is unusable. */
  function highlighted(text, start, end) {
    const s = Number.parseInt(start, 10);
    const e = Number.parseInt(end, 10);
    if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= text.length) {
      return [text.slice(0, s), el("mark", {}, text.slice(s, e)), text.slice(e)];
    }
    return [el("mark", {}, text)];
  }

  async function showMeeting(id, params) {
    const items = $("meeting-items");
    clear(items);
    $("meeting-heading").textContent = "Möte";
    $("meeting-meta").textContent = "";
    setStatus("meeting-status", "Hämtar mötet …");
    let meeting = meetingCache.get(id);
    try {
      if (!meeting) {
        meeting = await api(`/api/meetings/${encodeURIComponent(id)}`);
        meetingCache.set(id, meeting);
      }
    } catch (err) {
      setStatus("meeting-status", err.message, "error");
      return;
    }
    setStatus("meeting-status", "");
    $("meeting-heading").textContent = [meeting.body || "Okänt organ", meeting.date || "odaterat"].join(" ");
    $("meeting-meta").textContent = [meeting.municipality, docTypeLabel(meeting.doc_type), meeting.title]
      .filter(Boolean)
      .join(" · ");

    const target = params.get("p");
    let targetNode = null;
    for (const item of meeting.items) {
      const section = el(
        "section",
        { class: "item", id: `item-${item.id}`, "aria-labelledby": `item-h-${item.id}` },
        el("h2", { id: `item-h-${item.id}` }, [item.number, item.title].filter(Boolean).join(" ")),
        item.case_number ? el("p", { class: "meta" }, `Diarienummer ${item.case_number}`) : null,
      );
      for (const p of item.paragraphs) {
        const isTarget = p.id === target;
        const node = el(
          "p",
          {
            class: "paragraph" + (p.is_decision ? " decision" : "") + (isTarget ? " target" : ""),
            id: `p-${p.id}`,
            title: p.is_decision ? "Beslut" : null,
          },
          p.is_decision ? el("span", { class: "visually-hidden" }, "Beslut: ") : null,
          isTarget ? highlighted(p.text, params.get("s"), params.get("e")) : p.text,
        );
        if (isTarget) {
          node.setAttribute("tabindex", "-1");
          targetNode = node;
        }
        section.append(node);
      }
      items.append(section);
    }
    if (targetNode) {
      targetNode.scrollIntoView({ block: "center" });
      targetNode.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
    }
  }

  // ---- routing --------------------------------------------------------------------------------

  function showView(name) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${name}`;
    for (const link of document.querySelectorAll("[data-nav]")) {
      if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  let lastListView = "#/";

  function route() {
    const hash = location.hash || "#/";
    const [path, query] = hash.slice(1).split("?");
    const params = new URLSearchParams(query || "");
    const meetingMatch = path.match(/^\/meeting\/(.+)$/);
    if (meetingMatch) {
      showView("meeting");
      $("meeting-back").setAttribute("href", lastListView);
      showMeeting(decodeURIComponent(meetingMatch[1]), params);
      return;
    }
    if (path === "/agenda") {
      showView("agenda");
      lastListView = "#/agenda";
    } else if (path === "/evals") {
      showView("evals");
      showEvalRuns();
    } else if (path === "/meetings") {
      showView("meetings");
      lastListView = "#/meetings";
      showMeetings();
    } else {
      showView("search");
      lastListView = "#/";
    }
  }

  // ---- evaluation runs ------------------------------------------------------------------------

  const fmt = (value) => (value === null || value === undefined ? "–" : Number(value).toFixed(3));

  async function showEvalRuns() {
    const status = $("evals-status");
    status.textContent = "Hämtar körningar …";
    let runs;
    try {
      runs = await api("/api/evals/runs");
    } catch (err) {
      status.textContent = `Kunde inte hämta utvärderingar: ${err.message}`;
      return;
    }
    status.textContent = runs.length ? "" : "Inga sparade körningar ännu (protokollet eval run dev).";
    const body = $("evals-table").querySelector("tbody");
    body.replaceChildren(...runs.map((run) => el("tr", {},
      el("td", { text: run.name }), el("td", { text: run.created.slice(0, 16).replace("T", " ") }),
      el("td", { text: `${run.set_name} (${run.questions})` }), el("td", { text: run.mode }),
      ...["hit@1", "hit@5", "mrr@10", "ndcg@10"].map((m) => el("td", { class: "num", text: fmt(run.metrics[m]) })),
    )));
    for (const [id, pick] of [["evals-a", 1], ["evals-b", 0]]) {
      $(id).replaceChildren(...runs.map((run, i) => el("option", { value: run.name, selected: i === pick }, run.name)));
    }
  }

  async function onEvalsCompare(event) {
    event.preventDefault();
    const a = $("evals-a").value, b = $("evals-b").value;
    const out = $("evals-compare");
    if (!a || !b) return;
    const query = `a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
    let comparison;
    try {
      comparison = await api(`/api/evals/compare?${query}`);
    } catch (err) {
      out.replaceChildren(el("p", { class: "error", text: err.message }));
      return;
    }
    const rows = comparison.rows.map((row) => el("tr", {},
      el("td", { text: row.metric }), el("td", { class: "num", text: fmt(row.a) }),
      el("td", { class: "num", text: fmt(row.b) }), el("td", { class: "num", text: fmt(row.diff) }),
      el("td", { class: "num", text: row.p_value === null ? "–" : row.p_value.toFixed(3) }),
      el("td", { text: row.significant ? "ja" : "nej" }),
    ));
    const chart = el("img", { alt: `Mått för ${a} och ${b} sida vid sida`, class: "chart" });
    // Fetched, not linked: an <img src> cannot carry the access key.
    fetch(`/api/evals/compare.png?${query}`, withToken())
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => { if (blob) chart.src = URL.createObjectURL(blob); }, () => {});
    out.replaceChildren(
      chart,
      el("table", { class: "meetings" },
        el("thead", {}, el("tr", {}, ...["Mått", "A", "B", "B − A", "p", "Signifikant"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...rows)),
      el("p", { text: `${comparison.better.length} frågor bättre, ${comparison.worse.length} sämre i B.` }),
    );
  }

  async function showHealth() {
    try {
      const health = await api("/healthz");
      const lag = health.status === "indexing" ? ` · ${health.unindexed_paragraphs} nya stycken indexeras` : "";
      $("footer-info").textContent =
        `Protokollet · ${health.meetings} möten · ${health.paragraphs} stycken${lag} · modell ${health.model}`;
    } catch (err) {
      $("footer-info").textContent = "Protokollet";
    }
  }

  function init() {
    $("search-form").addEventListener("submit", onSearchSubmit);
    $("token-form").addEventListener("submit", onTokenSubmit);
    for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", onModeChange);
    $("agenda-form").addEventListener("submit", onAgendaSubmit);
    $("evals-form").addEventListener("submit", onEvalsCompare);
    $("meetings-filter").addEventListener("input", () => loadMeetings().then(renderMeetingsTable, () => {}));
    window.addEventListener("hashchange", route);
    populateFilters();
    showHealth();
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
