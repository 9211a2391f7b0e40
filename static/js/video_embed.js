/* A YouTube or Facebook video loads nothing from them until the reader clicks: then the
   player's frame is made here (a static file, as the Content-Security-Policy requires). */
'use strict';
document.addEventListener('click', function (event) {
  const button = event.target.closest('.video__play');
  if (!button) return;
  const box = button.closest('.video__embed');
  const frame = document.createElement('iframe');
  frame.src = box.dataset.embedSrc;
  frame.title = box.dataset.embedTitle;
  frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
  frame.allowFullscreen = true;
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  box.replaceChildren(frame);
  box.classList.add('video__embed--playing');
  frame.focus();
});
