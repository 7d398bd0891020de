// 위치정보 map: district polygons, clustered centre and programme markers, filters kept in
// the URL, and the near-me list. All text comes from the page's #map-config (translated there).
(function () {
  "use strict";

  const configEl = document.getElementById("map-config");
  const mapEl = document.getElementById("map");
  if (!configEl || !mapEl || !window.L) return;

  const cfg = JSON.parse(configEl.textContent);
  const t = cfg.messages;
  const FILTER_KEYS = ["district", "category", "kind"];

  const form = document.getElementById("map-filters");
  const selectedLabel = document.getElementById("map-selected-district");
  const countsEl = document.getElementById("map-counts");
  const errorEl = document.getElementById("map-error");
  const districtLinks = document.getElementById("district-links");
  const listLink = document.getElementById("map-list-link");
  const centerList = document.getElementById("center-list");
  const radiusSelect = document.getElementById("nearby-radius");
  const locateButton = document.getElementById("nearby-locate");
  const pickButton = document.getElementById("nearby-pick");
  const nearbyStatus = document.getElementById("nearby-status");
  const nearbyList = document.getElementById("nearby-list");
  const nearbyIntro = nearbyStatus.textContent;
  let nearbyMessage = nearbyIntro;

  const state = {
    filters: Object.assign({ district: "", category: "", kind: "" }, cfg.initial),
    point: null, // {lat, lon, source: "picked" | "located"}
    picking: false,
  };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach((child) => child && node.appendChild(child));
    return node;
  }

  function showError(message) {
    errorEl.textContent = message;
    errorEl.hidden = !message;
  }

  // Answers can arrive out of order when filters change quickly; only the latest counts.
  // Network failures and non-JSON answers become the page's own Korean message.
  function latestOnly() {
    let sequence = 0;
    return function (url) {
      const mine = ++sequence;
      return fetch(url, { headers: { Accept: "application/json" } })
        .then(
          (response) => response.json().catch(() => ({})).then((body) => ({ response, body })),
          () => ({ response: null, body: {} })
        )
        .then(({ response, body }) => {
          if (mine !== sequence) return null;
          if (!response || !response.ok) throw new Error(body.detail || t.loadFailed);
          return body;
        });
    };
  }
  const fetchMarkers = latestOnly();
  const fetchNearby = latestOnly();

  // --- The map --------------------------------------------------------------
  const map = L.map(mapEl, { zoomControl: false, minZoom: 9, maxZoom: 18 });
  L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  const seoulBounds = L.latLngBounds(cfg.seoulBounds);
  map.fitBounds(seoulBounds);

  // The chosen point and its circle get their own pane so the overlay pane holds only districts.
  map.createPane("nearby").style.zIndex = 450;

  map.on("popupopen", (event) => {
    const close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", t.closePopup);
  });

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    chunkedLoading: true,
    maxClusterRadius: 50,
    iconCreateFunction(cluster) {
      const count = cluster.getChildCount();
      const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      const html = el("div", {}, [
        el("span", { "aria-hidden": "true", text: String(count) }),
        el("span", { class: "sr-only", text: fill(t.cluster, { count }) }),
      ]);
      return L.divIcon({ html: html.outerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
    },
  });
  map.addLayer(clusters);

  const districtLayers = {};

  function districtStyle(code) {
    const selected = code === state.filters.district;
    const dimmed = state.filters.district && !selected;
    return {
      color: selected ? "#0b50d0" : "#5a6470",
      weight: selected ? 3 : 1.2,
      fillColor: selected ? "#4c87f5" : "#ffffff",
      fillOpacity: selected ? 0.18 : dimmed ? 0.35 : 0.55,
    };
  }

  function paintDistricts() {
    Object.entries(districtLayers).forEach(([code, layer]) => layer.setStyle(districtStyle(code)));
    const selected = districtLayers[state.filters.district];
    if (selected) selected.bringToFront();
  }

  fetch(cfg.urls.geojson)
    .then((response) => {
      if (!response.ok) throw new Error(t.loadFailed);
      return response.json();
    })
    .then((collection) => {
      L.geoJSON(collection, {
        style: (feature) => districtStyle(feature.properties.code),
        onEachFeature(feature, layer) {
          const code = feature.properties.code;
          districtLayers[code] = layer;
          layer.bindTooltip(feature.properties.name, { sticky: true, direction: "top" });
          layer.on("click", () => {
            // While picking a point the click belongs to the map handler below.
            if (!state.picking) changeFilters({ district: code }, { fit: true });
          });
        },
      }).addTo(map);
      Object.entries(districtLayers).forEach(([code, layer]) => {
        const path = layer.getElement();
        path.classList.add("district-shape");
        path.setAttribute("data-district", code);
      });
      paintDistricts();
      fitToSelection();
    })
    .catch(() => showError(t.loadFailed));

  function fitToSelection() {
    const layer = districtLayers[state.filters.district];
    map.fitBounds(layer ? layer.getBounds() : seoulBounds, { padding: [12, 12] });
  }

  // --- Markers ---------------------------------------------------------------
  function popupFor(lines) {
    return el("div", { class: "map-popup" }, lines);
  }

  function badge(modifier, text) {
    return el("span", { class: "badge badge--" + modifier, text });
  }

  function centerMarker(center) {
    const icon = L.divIcon({ className: "map-pin map-pin--center", iconSize: [20, 20] });
    const lines = [
      el("strong", { text: center.name }),
      el("p", { text: t.center + " · " + center.district }),
      el("p", { text: center.address }),
      center.phone ? el("p", {}, [el("a", { href: "tel:" + center.phone.replace(/[^0-9+]/g, ""), text: center.phone })]) : null,
      center.opening_hours ? el("p", { text: center.opening_hours }) : null,
      center.homepage ? el("p", {}, [el("a", { href: center.homepage, rel: "noopener", text: t.homepage })]) : null,
    ];
    return L.marker([center.lat, center.lon], { icon, title: t.center + ": " + center.name, keyboard: true }).bindPopup(
      popupFor(lines)
    );
  }

  function programMarker(program) {
    const icon = L.divIcon({ className: "map-pin map-pin--program map-pin--" + program.category, iconSize: [16, 16] });
    const lines = [
      el("strong", { text: program.title }),
      el("div", { class: "map-popup__meta" }, [
        badge(program.status, program.status_label),
        badge(program.category, program.category_label),
        el("span", { text: program.kind_label + " · " + program.district }),
      ]),
      el("p", {}, [el("a", { href: program.url, text: t.details })]),
    ];
    return L.marker([program.lat, program.lon], { icon, title: program.title, keyboard: true }).bindPopup(popupFor(lines));
  }

  function renderCenters(centers) {
    centerList.replaceChildren();
    if (!centers.length) {
      centerList.appendChild(el("li", { class: "muted", text: t.noCenters }));
      return;
    }
    centers.forEach((center) => {
      centerList.appendChild(
        el("li", {}, [
          el("strong", { text: center.name }),
          el("span", { class: "muted", text: center.district + " · " + center.address }),
          center.phone ? el("a", { href: "tel:" + center.phone.replace(/[^0-9+]/g, ""), text: center.phone }) : null,
        ])
      );
    });
  }

  function loadMarkers() {
    countsEl.textContent = t.loading;
    fetchMarkers(cfg.urls.markers + "?" + queryString(state.filters))
      .then((body) => {
        if (!body) return;
        showError("");
        clusters.clearLayers();
        clusters.addLayers(body.centers.map(centerMarker).concat(body.programs.map(programMarker)));
        mapEl.setAttribute("data-centers", body.centers.length);
        mapEl.setAttribute("data-programs", body.programs.length);
        countsEl.textContent = fill(t.counts, { centers: body.centers.length, programs: body.programs.length });
        renderCenters(body.centers);
      })
      .catch((error) => {
        countsEl.textContent = "";
        showError(error.message);
      });
  }

  // --- Filters and the URL -----------------------------------------------------
  function queryString(filters) {
    const params = new URLSearchParams();
    FILTER_KEYS.forEach((key) => {
      if (filters[key]) params.set(key, filters[key]);
    });
    return params.toString();
  }

  function syncControls() {
    FILTER_KEYS.forEach((key) => {
      form.elements[key].value = state.filters[key];
    });
    const query = queryString(state.filters);
    listLink.setAttribute("href", listLink.getAttribute("data-base") + (query ? "?" + query : ""));
    const name = cfg.districts[state.filters.district] || t.wholeCity;
    selectedLabel.textContent = fill(t.selectedDistrict, { name });
    districtLinks.querySelectorAll("a[data-district]").forEach((link) => {
      const code = link.getAttribute("data-district");
      link.setAttribute("href", "?" + queryString(Object.assign({}, state.filters, { district: code })));
      if (code === state.filters.district) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  function changeFilters(changes, options) {
    const opts = Object.assign({ push: true, fit: false }, options);
    const before = queryString(state.filters);
    Object.assign(state.filters, changes);
    const after = queryString(state.filters);
    syncControls();
    paintDistricts();
    if (opts.fit) fitToSelection();
    if (after === before) return;
    if (opts.push) history.pushState({ filters: state.filters }, "", location.pathname + (after ? "?" + after : ""));
    loadMarkers();
    if (state.point) searchNearby();
  }

  form.addEventListener("change", (event) => {
    if (!FILTER_KEYS.includes(event.target.name)) return;
    changeFilters({ [event.target.name]: event.target.value }, { fit: event.target.name === "district" });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    FILTER_KEYS.forEach((key) => {
      values[key] = form.elements[key].value;
    });
    changeFilters(values, { fit: true });
  });
  document.getElementById("map-reset").addEventListener("click", (event) => {
    event.preventDefault();
    clearNearby();
    changeFilters({ district: "", category: "", kind: "" }, { fit: true });
  });
  districtLinks.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-district]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    changeFilters({ district: link.getAttribute("data-district") }, { fit: true });
    mapEl.scrollIntoView({ behavior: "smooth", block: "start" });
  });
  window.addEventListener("popstate", () => {
    const params = new URLSearchParams(location.search);
    const values = {};
    FILTER_KEYS.forEach((key) => {
      values[key] = params.get(key) || "";
    });
    changeFilters(values, { push: false, fit: true });
  });

  // --- Near me -----------------------------------------------------------------
  const nearbyLayer = L.layerGroup().addTo(map);

  function setNearbyStatus(message, keep) {
    nearbyStatus.textContent = message;
    // Results and the intro are what cancelling a pick returns to; transient notes are not.
    if (keep) nearbyMessage = message;
  }

  function clearNearby() {
    state.point = null;
    nearbyLayer.clearLayers();
    nearbyList.replaceChildren();
    nearbyMessage = nearbyIntro;
    setPicking(false);
  }

  function setPicking(on) {
    state.picking = on;
    pickButton.setAttribute("aria-pressed", on ? "true" : "false");
    pickButton.textContent = on ? t.pickButtonOn : t.pickButtonOff;
    mapEl.classList.toggle("is-picking", on);
    setNearbyStatus(on ? t.pickOn : nearbyMessage);
  }

  function drawPoint() {
    nearbyLayer.clearLayers();
    const { lat, lon } = state.point;
    const radius = Number(radiusSelect.value);
    L.circle([lat, lon], { radius, pane: "nearby", color: "#0b50d0", weight: 2, fillOpacity: 0.06, interactive: false }).addTo(
      nearbyLayer
    );
    L.circleMarker([lat, lon], { radius: 7, pane: "nearby", color: "#ffffff", weight: 3, fillColor: "#0b50d0", fillOpacity: 1, interactive: false }).addTo(
      nearbyLayer
    );
  }

  function renderNearby(body) {
    const place = state.point.source === "located" ? t.myLocation : t.pickedLocation;
    const area = [body.origin.district, body.origin.dong].filter(Boolean).join(" ");
    const values = { place, area, radius: body.radius_label, count: body.programs.length, limit: body.limit };
    let message = fill(body.programs.length ? t.nearbyFound : t.nearbyNone, values);
    if (body.programs.length >= body.limit) message += " " + fill(t.nearbyLimited, values);
    setNearbyStatus(message, true);
    nearbyList.replaceChildren(
      ...body.programs.map((program) =>
        el("li", {}, [
          el("a", { href: program.url, text: program.title }),
          el("span", { class: "nearby-distance", text: program.distance_label }),
          el("span", { class: "nearby-meta" }, [
            badge(program.status, program.status_label),
            badge(program.category, program.category_label),
            el("span", { text: program.kind_label + " · " + program.district }),
          ]),
        ])
      )
    );
  }

  function searchNearby() {
    drawPoint();
    setNearbyStatus(t.searching);
    const params = new URLSearchParams({ lat: state.point.lat.toFixed(6), lon: state.point.lon.toFixed(6), radius: radiusSelect.value });
    ["category", "kind"].forEach((key) => {
      if (state.filters[key]) params.set(key, state.filters[key]);
    });
    fetchNearby(cfg.urls.nearby + "?" + params.toString())
      .then((body) => {
        if (body) renderNearby(body);
      })
      .catch((error) => {
        nearbyList.replaceChildren();
        setNearbyStatus(error.message);
      });
  }

  function useLocation(lat, lon, source) {
    state.point = { lat, lon, source };
    searchNearby();
  }

  map.on("click", (event) => {
    if (!state.picking) return;
    setPicking(false);
    useLocation(event.latlng.lat, event.latlng.lng, "picked");
  });

  pickButton.addEventListener("click", () => setPicking(!state.picking));

  radiusSelect.addEventListener("change", () => {
    if (state.point) searchNearby();
  });

  locateButton.addEventListener("click", () => {
    setPicking(false);
    if (!("geolocation" in navigator)) {
      setNearbyStatus(t.geoUnavailable);
      return;
    }
    setNearbyStatus(t.locating);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        useLocation(position.coords.latitude, position.coords.longitude, "located");
        map.setView([position.coords.latitude, position.coords.longitude], Math.max(map.getZoom(), 14));
      },
      (error) => setNearbyStatus(error.code === error.PERMISSION_DENIED ? t.geoDenied : t.geoUnavailable),
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
    );
  });

  syncControls();
  history.replaceState({ filters: state.filters }, "", location.pathname + location.search);
  loadMarkers();
})();
