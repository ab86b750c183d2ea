// Progressive enhancement with alphagov's accessible-autocomplete, for the two places a person
// picks one of ~475 authorities: "Choose your authority" (a search box, below) and any
// <select data-authority-autocomplete> (the contact form). Without JavaScript both work as
// they are: a search form and a plain select.
const form = document.querySelector("[data-authority-autocomplete]");
const input = form && form.querySelector("input[name=q]");

if (form && input && window.accessibleAutocomplete) {
  const sourceUrl = form.dataset.source;
  const container = document.createElement("div");
  const describedBy = input.getAttribute("aria-describedby");
  const className = input.className;
  input.replaceWith(container);

  let timer;
  window.accessibleAutocomplete({
    element: container,
    id: "id_q",
    name: "q",
    defaultValue: input.value,
    minLength: 2,
    displayMenu: "overlay",
    showNoOptionsFound: false,
    inputClasses: className,
    source(query, populateResults) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const url = new URL(sourceUrl, window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : { names: [] }))
          .then((data) => populateResults(data.names))
          .catch(() => populateResults([]));
      }, 200);
    },
    onConfirm(name) {
      if (name) {
        form.querySelector("input[name=q]").value = name;
        form.submit();
      }
    },
  });

  // Enter in the box searches, as it does without JavaScript (the library keeps Enter for
  // choosing a suggestion, which happens with focus on the suggestion, not the box).
  form.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter" && event.target.name === "q") {
        event.preventDefault();
        form.submit();
      }
    },
    true,
  );

  if (describedBy) {
    // Keep the hint (and any error) read out with the new input, alongside the library's own.
    const enhanced = form.querySelector("input[name=q]");
    const own = enhanced.getAttribute("aria-describedby");
    enhanced.setAttribute("aria-describedby", [describedBy, own].filter(Boolean).join(" "));
  }
}

// A long <select>: the same autocomplete over its options. The select stays in the form (hidden)
// and is what is sent; clearing the box chooses the empty option again.
for (const select of document.querySelectorAll("select[data-authority-autocomplete]")) {
  if (!window.accessibleAutocomplete) break;
  const empty = [...select.options].find((option) => option.value === "");
  const id = select.id; // The library gives this id to its input and renames the select's.
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: select.value ? select.selectedOptions[0].text : "",
    minLength: 2,
    showAllValues: false,
    autoselect: false, // Its type-ahead hint is an unlabelled input (axe: label).
    dropdownArrow: () => "",
    source: (query, populate) => {
      const words = query.toLowerCase();
      populate(
        [...select.options]
          .filter((option) => option.value && option.text.toLowerCase().includes(words))
          .map((option) => option.text),
      );
    },
    // Called on blur with nothing chosen too: only a real choice changes the select.
    onConfirm: (name) => {
      const chosen = [...select.options].find((option) => option.text === name);
      if (chosen) select.value = chosen.value;
    },
  });
  const input = document.getElementById(id);
  input.addEventListener("change", () => {
    if (!input.value.trim() && empty) select.value = "";
  });
}
