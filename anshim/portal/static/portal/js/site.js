// Small progressive enhancements shared by every page. Pages work without it.
document.addEventListener("DOMContentLoaded", () => {
  // Filter forms submit on change so the URL (and the shareable result) follows.
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.addEventListener("change", (event) => {
      if (event.target.matches("select, input[type=checkbox], input[type=radio], input[type=date]")) {
        form.requestSubmit();
      }
    });
  });
});
