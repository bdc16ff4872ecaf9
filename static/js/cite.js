// "Copy" buttons for the citations on a publication page. Without JavaScript or the Clipboard API the
// buttons stay hidden and the citations remain ordinary, selectable text.
(() => {
    if (!navigator.clipboard) {
        return;
    }
    const status = document.querySelector("[data-copy-status]");

    async function copy(source) {
        const text = source.innerText.trim();
        if (window.ClipboardItem && navigator.clipboard.write) {
            // Rich text keeps the title in italics when pasted into a word processor.
            await navigator.clipboard.write([
                new ClipboardItem({
                    "text/plain": new Blob([text], { type: "text/plain" }),
                    "text/html": new Blob([source.innerHTML], { type: "text/html" }),
                }),
            ]);
        } else {
            await navigator.clipboard.writeText(text);
        }
    }

    for (const button of document.querySelectorAll("[data-copy]")) {
        const source = document.getElementById(button.dataset.copy);
        const label = button.querySelector(".cite__copy-label");
        let timer;
        button.hidden = false;
        button.addEventListener("click", async () => {
            clearTimeout(timer);
            status.textContent = "";
            try {
                await copy(source);
                label.textContent = "Copied";
                status.textContent = "Copied";
            } catch {
                status.textContent = "Could not copy. Select the citation and copy it instead.";
            }
            timer = setTimeout(() => {
                label.textContent = "Copy";
            }, 2000);
        });
    }
})();
