// Starts Swagger UI on the API docs page (templates/swagger_ui.html). It is a file, not an
// inline script, so that the page's Content-Security-Policy needs no 'unsafe-inline'.
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = {
    url: container.dataset.specUrl,
    dom_id: "#swagger-ui-container",
    // No badge from the public validator: the Ministry's network reaches nothing outside, and
    // the CSP allows images from this site only.
    validatorUrl: null
  };
  var overrides = JSON.parse(container.dataset.config || "{}");
  Object.keys(overrides).forEach(function (name) { config[name] = overrides[name]; });
  window.ui = SwaggerUIBundle(config);
});
