import { registry } from "@web/core/registry";

// An anonymous visitor reads the public statistics page, in French.
registry.category("web_tour.tours").add("gesticlean_support_visitor", {
    steps: () => [
        {
            content: "The page, in French",
            trigger: "h1:contains('Notre support en chiffres')",
        },
        {
            content: "The share of top ratings",
            trigger: ".o_gesticlean_top_share:contains('%')",
        },
        {
            content: "The ratings collected",
            trigger: ".o_gesticlean_rating_count",
        },
    ],
});
