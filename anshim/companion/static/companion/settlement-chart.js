// 병원 안심동행 월 정산: requests by pick-up hour (07–20) as a bar chart, the 09–18 peak in a darker colour.
// The figures come from the server (#demand-data); the same numbers are in the table below the chart.
(function () {
  "use strict";
  const dataEl = document.getElementById("demand-data");
  const canvas = document.getElementById("demand-chart");
  if (!dataEl || !canvas || !window.Chart) return;
  const cfg = JSON.parse(dataEl.textContent);
  const PEAK = "#0b50d0";
  const OTHER = "#9bb8e8";
  // The page's web font (Pretendard): the canvas default has no Korean glyphs in every browser.
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: cfg.labels,
      datasets: [
        {
          label: cfg.label,
          data: cfg.counts,
          backgroundColor: cfg.peak.map((peak) => (peak ? PEAK : OTHER)),
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: {
          labels: {
            generateLabels: () => [
              { text: cfg.peakLabel, fillStyle: PEAK, strokeStyle: PEAK },
              { text: cfg.otherLabel, fillStyle: OTHER, strokeStyle: OTHER },
            ],
          },
        },
      },
    },
  });
})();
