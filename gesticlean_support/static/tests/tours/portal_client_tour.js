import {registry} from "@web/core/registry";

// The client shop on its portal: its call, a callback booked on a free slot,
// then its contract (downloaded as a PDF) and its interventions to rate.
registry.category("web_tour.tours").add("gesticlean_support_portal_client", {
    steps: () => [
        {
            content: "Its calls",
            trigger: "a:contains('Caisse bloquée')",
            run: "click",
        },
        {
            content: "The call's page, in French",
            trigger: "h5:contains('Rendez-vous de rappel')",
        },
        {
            content: "Book the first free slot",
            trigger: "#gesticlean_callback_slots button",
            run: "click",
        },
        {
            content: "Booked",
            trigger:
                ".alert-success:contains('Votre rendez-vous de rappel est réservé.')",
        },
        {
            content: "The next free slots are offered again",
            trigger: "#gesticlean_callback_slots button",
        },
        {
            content: "Back to its account",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Its contracts",
            trigger: "a[href='/my/contracts']",
            run: "click",
        },
        {
            content: "Its support contract",
            trigger: "a:contains('Contrat support Glières')",
            run: "click",
        },
        {
            content: "The contract downloads, named after the shop",
            trigger:
                "a[href*='support-contract.pdf']:contains('Télécharger le contrat (PDF)')",
            async run() {
                const link = document.querySelector("a[href*='support-contract.pdf']");
                const response = await fetch(link.href);
                const disposition = response.headers.get("Content-Disposition") || "";
                const name = encodeURIComponent(
                    "Contrat de support GestiClean - Pressing des Glières.pdf"
                );
                if (response.status !== 200 || !disposition.includes(name)) {
                    throw new Error(`contract PDF: ${response.status} ${disposition}`);
                }
            },
        },
        {
            content: "Back to its account",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Its interventions",
            trigger: "a[href='/my/interventions']",
            run: "click",
        },
        {
            content: "The intervention of yesterday, to rate",
            trigger: "h2:contains('Mes interventions')",
        },
        {
            content: "It can rate it",
            trigger: "tr:contains('Imprimante') a:contains('Évaluer')",
        },
    ],
});
