// Progressive enhancement for "Choose your authority": turns the plain search box into an
// accessible autocomplete (alphagov's accessible-autocomplete). Choosing a suggestion runs the
// same search the plain form does, so the page works the same without JavaScript.
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
