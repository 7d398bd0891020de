// 사각지대 pages: keeps the recompute button from being pressed twice, and on the district page
// draws one policy's gap as a choropleth (Leaflet) and a bar chart (Chart.js) next to the table.
// Choosing another policy redraws all three and puts the policy in the URL. Text comes from #gap-config.
(function () {
  "use strict";

  document.querySelectorAll("form[data-busy-text]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      form.setAttribute("aria-busy", "true");
      if (button) {
        button.textContent = form.dataset.busyText;
        // Disabled after the submit has been taken, so the form still posts once.
        window.setTimeout(() => { button.disabled = true; }, 0);
      }
    });
  });

  const configEl = document.getElementById("gap-config");
  if (!configEl || !window.L || !window.Chart) return;

  const cfg = JSON.parse(configEl.textContent);
  const t = cfg.messages;
  const COLOURS = ["#fff4e6", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  const numberFormat = new Intl.NumberFormat("ko-KR");
  const select = document.getElementById("f-policy");
  const form = document.getElementById("gap-policy-form");
  const selectedEl = document.getElementById("gap-selected");
  const legendEl = document.getElementById("gap-legend");
  const mapError = document.getElementById("gap-map-error");
  const canvas = document.getElementById("gap-chart");
  const table = document.getElementById("gap-district-table");
  const caption = document.getElementById("gap-district-caption");
  let current = String(cfg.selected);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function people(value) {
    return numberFormat.format(value);
  }

  function rate(value) {
    return value === null ? t.noRate : (value * 100).toFixed(1) + "%";
  }

  // Five equal classes from 0 to a rounded maximum, so the legend reads in round numbers.
  function classes(gaps) {
    const top = Math.max(0, ...gaps);
    if (top === 0) return [0];
    const magnitude = Math.pow(10, Math.max(0, Math.floor(Math.log10(top / 5))));
    const step = Math.ceil(top / 5 / magnitude) * magnitude;
    return [1, 2, 3, 4, 5].map((i) => i * step);
  }

  function classOf(gap, limits) {
    if (gap === 0) return 0;
    const index = limits.findIndex((limit) => gap <= limit);
    return index === -1 ? limits.length - 1 : index;
  }

  // Rows of the 25 mapped districts (the table may add 거주지 미상, which has no shape).
  function mapped(policy) {
    return cfg.districts
      .map((district, i) => ({ district, figures: policy.figures[i] }))
      .filter((row) => row.district.code);
  }

  // --- The map --------------------------------------------------------------
  const map = L.map("gap-map", { zoomControl: false, zoomSnap: 0.25, minZoom: 9, maxZoom: 14, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (cfg.tileUrl) L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxZoom: 19 }).addTo(map);
  map.fitBounds(L.latLngBounds(cfg.seoulBounds));
  const layers = {};

  fetch(cfg.urls.geojson)
    .then((response) => {
      if (!response.ok) throw new Error(t.loadFailed);
      return response.json();
    })
    .then((collection) => {
      const group = L.geoJSON(collection, {
        style: { color: "#5a6470", weight: 1, fillOpacity: 0.85 },
        onEachFeature(feature, layer) {
          layers[feature.properties.code] = layer;
        },
      }).addTo(map);
      Object.entries(layers).forEach(([code, layer]) => {
        const path = layer.getElement();
        path.classList.add("gap-district");
        path.setAttribute("data-district", code);
      });
      map.fitBounds(group.getBounds(), { padding: [8, 8] });
      paintMap(cfg.policies[current]);
    })
    .catch(() => {
      mapError.textContent = t.loadFailed;
      mapError.hidden = false;
    });

  function paintMap(policy) {
    const rows = mapped(policy);
    const limits = classes(rows.map((row) => row.figures[2]));
    rows.forEach(({ district, figures }) => {
      const layer = layers[district.code];
      if (!layer) return;
      const level = classOf(figures[2], limits);
      layer.setStyle({ fillColor: COLOURS[limits.length === 1 ? 0 : level] });
      layer.getElement().setAttribute("data-gap", String(figures[2]));
      const text = fill(t.tooltip, {
        district: district.name,
        gap: people(figures[2]),
        eligible: people(figures[0]),
        uptake: people(figures[1]),
      });
      if (layer.getTooltip()) layer.setTooltipContent(text);
      else layer.bindTooltip(text, { sticky: true, direction: "top" });
    });
    legendEl.replaceChildren(
      ...limits.map((high, i) => {
        const low = i === 0 ? 0 : limits[i - 1] + 1;
        const item = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = "gap-swatch";
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.background = COLOURS[i];
        item.append(swatch, fill(t.legendRange, { low: people(low), high: people(high) }));
        return item;
      })
    );
  }

  // --- The chart ------------------------------------------------------------
  // The canvas draws text itself: give it the page's Korean font, and redraw once web fonts arrive.
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#33363d";
  const chart = new Chart(canvas, {
    type: "bar",
    data: { labels: [], datasets: [{ label: t.chartLabel, data: [], backgroundColor: "#d94801" }] },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => fill(t.people, { value: people(item.parsed.x) }) } },
      },
      scales: {
        x: { beginAtZero: true, ticks: { callback: (value) => people(value) } },
        y: { ticks: { autoSkip: false } },
      },
    },
  });

  function paintChart(policy) {
    const rows = mapped(policy);
    chart.data.labels = rows.map((row) => row.district.name);
    chart.data.datasets[0].data = rows.map((row) => row.figures[2]);
    chart.update();
    const top = rows.reduce((best, row) => (row.figures[2] > best.figures[2] ? row : best), rows[0]);
    canvas.setAttribute(
      "aria-label",
      fill(t.chartAlt, { title: policy.title, top: top.district.name, gap: people(top.figures[2]) })
    );
  }

  // --- The table ------------------------------------------------------------
  function paintTable(policy) {
    caption.textContent = fill(t.caption, { title: policy.title });
    const body = table.tBodies[0];
    body.replaceChildren(
      ...cfg.districts.map((district, i) => {
        const [eligible, uptake, gap, share] = policy.figures[i];
        const row = document.createElement("tr");
        const head = document.createElement("th");
        head.scope = "row";
        head.textContent = district.name;
        row.appendChild(head);
        [people(eligible), people(uptake), people(gap), rate(share)].forEach((text) => {
          const cell = document.createElement("td");
          cell.className = "num";
          cell.textContent = text;
          row.appendChild(cell);
        });
        return row;
      })
    );
  }

  function show(policyId, { push }) {
    const policy = cfg.policies[policyId];
    if (!policy) return;
    current = String(policyId);
    select.value = current;
    selectedEl.textContent = fill(t.selected, { title: policy.title, category: policy.category });
    if (Object.keys(layers).length) paintMap(policy);
    paintChart(policy);
    paintTable(policy);
    if (push) {
      const url = new URL(window.location.href);
      url.searchParams.set("policy", current);
      window.history.pushState({ policy: current }, "", url);
    }
  }

  select.addEventListener("change", () => show(select.value, { push: true }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(select.value, { push: true });
  });
  window.addEventListener("popstate", (event) => {
    const fromUrl = new URL(window.location.href).searchParams.get("policy");
    show((event.state && event.state.policy) || fromUrl || String(cfg.selected), { push: false });
  });

  window.history.replaceState({ policy: current }, "", window.location.href);
  show(current, { push: false });
  if (document.fonts) document.fonts.ready.then(() => chart.update());
})();
