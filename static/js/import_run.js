// An import waiting for the scheduler or running: reload its page every few seconds until its report is in.
(() => {
    if (document.querySelector("[data-import-refresh]")) {
        window.setTimeout(() => window.location.reload(), 3000);
    }
})();
