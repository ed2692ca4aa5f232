/*
 * Referral form: show the guardian's fields only for a child under 14.
 * Progressive: without JavaScript every field shows and the server checks them.
 * Fields with errors, or already filled in, stay visible.
 */
(function () {
    "use strict";
    var ageBand = document.getElementById("id_age_band");
    var section = document.querySelector("[data-guardian-section]");
    if (!ageBand || !section) {
        return;
    }
    var keepOpen = section.querySelector(".field--error") !== null;
    function update() {
        section.hidden = !keepOpen && ageBand.value !== "under_14";
    }
    ageBand.addEventListener("change", function () {
        keepOpen = false;
        update();
    });
    update();
})();
