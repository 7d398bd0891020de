// 도어지킴이 신청 검토: "이 쪽 모두 고르기" ticks or clears every selectable row on the page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((master) => {
    const form = document.getElementById(master.dataset.selectAll);
    if (!form) return;
    const boxes = () => form.querySelectorAll('input[type="checkbox"][name="applications"]');
    master.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = master.checked; });
    });
    form.addEventListener("change", (event) => {
      if (event.target === master) return;
      const all = Array.from(boxes());
      master.checked = all.length > 0 && all.every((box) => box.checked);
    });
  });
});
