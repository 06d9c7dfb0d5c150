// Material's instant navigation and link previews follow only the pages listed in sitemap.xml,
// whose addresses are built from site_url. Material adapts their protocol and host name to where the
// site is served, but not the port or the path, so on a static server on another port, or under a
// sub-path, both would stop working. This rewrites the sitemap's addresses, as it is loaded, to the
// address the site is actually served from. It runs before Material's bundle asks for the sitemap.
(() => {
  const configured = document.currentScript?.dataset.siteUrl;
  if (!configured) return;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(String(url), location.href);
    if (target.pathname.endsWith("/sitemap.xml")) {
      const served = new URL(".", target).href; // the site's root, where it is served
      this.addEventListener("load", () => {
        const sitemap = this.response;
        if (!(sitemap instanceof Blob) || served === configured) return;
        // Material reads the response with .text(): hand it the rewritten text instead
        Object.defineProperty(this, "response", {
          value: { text: () => sitemap.text().then((xml) => xml.split(configured).join(served)) },
        });
      });
    }
    return open.call(this, method, url, ...rest);
  };
})();
