// 병원 안심동행 back office: a form that starts slow work (the dispatch proposal) says so and is sent once.
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
})();
