// The notice board's Print button (no inline script: the CSP forbids it).
// Without JavaScript the button stays hidden and the page says to use the browser's Print command.
document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
});
