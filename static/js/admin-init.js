// Starts the admin's widgets from data rather than inline scripts, which the admin's Content-Security-Policy
// blocks (publications/editorial/admin_scripts.py): an <admin-init data-initialiser="NAME" data-arguments="[…]">
// element calls NAME, one of Wagtail's initialisers below, the moment it enters the page: as the parser reads it,
// just where Wagtail's inline script stood, or as a script adds it (an inline panel's new form, a modal).
(() => {
    const construct = (name) => (...args) => new window[name](...args);
    const call = (name) => (...args) => window[name](...args);
    // For starts written before the elements they start, as Wagtail's search promotion forms write theirs.
    const whenReady = (start) => (...args) => {
        if (document.readyState === "loading") {
            document.addEventListener("DOMContentLoaded", () => start(...args));
        } else {
            start(...args);
        }
    };

    // Wagtail's contrib/search_promotions/templates/wagtailsearchpromotions/queries/chooser_field.js, with the
    // chooser's URL passed in rather than written into the script.
    function createQueryChooser(id, url) {
        const input = document.getElementById(id);
        document.getElementById(`${id}-chooser`).addEventListener("click", () => {
            window.ModalWorkflow({
                url,
                onload: window.QUERY_CHOOSER_MODAL_ONLOAD_HANDLERS,
                responses: {
                    queryChosen: (queryData) => {
                        input.value = queryData.querystring;
                    },
                },
            });
        });
    }

    const INITIALISERS = {
        Chooser: construct("Chooser"),
        PageChooser: construct("PageChooser"),
        DocumentChooser: construct("DocumentChooser"),
        ImageChooser: construct("ImageChooser"),
        SnippetChooser: construct("SnippetChooser"),
        createTaskChooser: call("createTaskChooser"),
        initDateChooser: call("initDateChooser"),
        initTimeChooser: call("initTimeChooser"),
        initDateTimeChooser: call("initDateTimeChooser"),
        InlinePanel: construct("InlinePanel"),
        MultipleChooserPanel: construct("MultipleChooserPanel"),
        // Wagtail's wagtailsearchpromotions/includes/searchpromotions_formset.js
        searchPromotionsFormset: whenReady(
            (prefix, emptyChildFormPrefix) =>
                new window.InlinePanel({ formsetPrefix: `id_${prefix}`, emptyChildFormPrefix, canOrder: true }),
        ),
        createQueryChooser: whenReady(createQueryChooser),
    };

    class AdminInit extends HTMLElement {
        connectedCallback() {
            // Moved (reordering a panel) or copied with its attributes: started already.
            if (this.hasAttribute("data-started")) {
                return;
            }
            this.setAttribute("data-started", "");
            const name = this.dataset.initialiser;
            if (!Object.hasOwn(INITIALISERS, name)) {
                console.error(`admin-init: "${name}" is not one of the admin's initialisers`);
                return;
            }
            INITIALISERS[name](...JSON.parse(this.dataset.arguments));
        }
    }

    customElements.define("admin-init", AdminInit);
})();
