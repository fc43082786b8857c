// Loaded before decap-cms.js: gongkai-admin.js starts the editor once it has chosen the
// UI language and registered our formats, preview and paste handling.
window.CMS_MANUAL_INIT = true;
