/* Starts Swagger UI on /docs (a file, not an inline script: the Content-Security-Policy allows only 'self').
   "Try it out" requests carry the session's CSRF token, as the station's own requests do. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    validatorUrl: null,  // no badge from validator.swagger.io: nothing leaves the network
    requestInterceptor: function (req) {
      req.headers["X-CSRF-Token"] = csrf;
      return req;
    }
  });
})();
