// 도어지킴이 city dashboard: draws the per-district bars (selected, installed, in use) from
// #dg-chart-data next to the table that holds the same numbers.
(function () {
  "use strict";
  const dataEl = document.getElementById("dg-chart-data");
  const canvas = document.getElementById("dg-chart");
  if (!dataEl || !canvas || !window.Chart) return;
  const data = JSON.parse(dataEl.textContent);
  const colours = ["#0b50d0", "#228738", "#9e6a00"];
  // The page's web font (Pretendard): the canvas default has no Korean glyphs in every browser.
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((series, i) => ({ label: series.label, data: series.data, backgroundColor: colours[i % colours.length] })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
