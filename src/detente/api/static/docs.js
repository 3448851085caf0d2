// The API reference page: Swagger UI served from the swagger-ui-bundle package, no CDN.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
