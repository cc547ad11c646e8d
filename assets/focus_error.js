/* Sign-in pages: an error message takes focus when the page opens, so it is read out first
   (backing up the autofocus attribute, which not every browser honours on a message). */
document.addEventListener("DOMContentLoaded", function () {
  var error = document.querySelector("#form-message[tabindex='-1']");
  if (error && document.activeElement !== error) {
    error.focus();
  }
});
