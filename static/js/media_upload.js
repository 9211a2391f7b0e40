/* The media library in the admin: several files uploaded one by one with a progress bar,
   and TinyMCE's image upload (images_upload_handler) and browse (file_picker_callback)
   hooks. A static file, as the Content-Security-Policy allows no inline script. */
'use strict';

(function () {
  const MB = 1024 * 1024;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  // "31,4": the decimal comma Vietnamese writes; never "25,0" for a file just over 25 MB.
  function tooLarge(size, limit) {
    const tenths = Math.max(Math.round(size * 10 / MB), Math.floor(limit * 10 / MB) + 1);
    return 'Tệp nặng ' + Math.floor(tenths / 10) + ',' + (tenths % 10) + ' MB, vượt giới hạn ' + Math.floor(limit / MB) + ' MB.';
  }

  // One file to the library endpoint; resolves with its JSON, rejects with a message.
  function send(url, file, onProgress) {
    return new Promise(function (resolve, reject) {
      const form = new FormData();
      form.append('file', file, file.name || 'anh.png');
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('X-CSRFToken', csrfToken());
      xhr.upload.addEventListener('progress', function (event) {
        if (event.lengthComputable && onProgress) onProgress(Math.round(event.loaded * 100 / event.total));
      });
      xhr.addEventListener('load', function () {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (error) { data = null; }
        if (xhr.status === 201 && data) resolve(data);
        else if (xhr.status === 403) reject('Bạn không có quyền tải ảnh lên, hoặc phiên đăng nhập đã hết (tải lại trang).');
        else reject((data && data.error && data.error.message) || ('Máy chủ từ chối tệp (mã ' + xhr.status + ').'));
      });
      xhr.addEventListener('error', function () { reject('Mất kết nối khi tải lên; hãy thử lại.'); });
      xhr.send(form);
    });
  }

  function element(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([key, value]) { node.setAttribute(key, value); });
    if (text) node.textContent = text;
    return node;
  }

  async function uploadAll(box, files) {
    const list = box.querySelector('.media-uploader-list');
    const limit = Number(box.dataset.maxBytes);
    const target = box.dataset.target ? document.getElementById(box.dataset.target) : null;
    const rows = Array.from(files).map(function (file) {
      const row = element('li');
      row.append(element('span', { class: 'name' }, file.name));
      const bar = element('progress', { max: '100', value: '0', 'aria-label': 'Tiến độ tải ' + file.name });
      const status = element('span', { class: 'status' }, 'Đang chờ…');
      row.append(bar, status);
      list.append(row);
      return { file: file, row: row, bar: bar, status: status };
    });
    for (const item of rows) {  // one at a time: each gets the whole connection and its own bar
      if (item.file.size > limit) {
        item.bar.remove();
        item.status.className = 'refused';
        item.status.textContent = tooLarge(item.file.size, limit);
        continue;
      }
      item.status.textContent = 'Đang tải lên…';
      try {
        const image = await send(box.dataset.uploadUrl, item.file, function (percent) {
          item.bar.value = percent;
          item.status.textContent = percent + '%';
        });
        item.bar.value = 100;
        item.status.className = 'ok';
        item.status.textContent = 'Đã tải lên';
        item.row.prepend(element('img', { src: image.thumbnail, alt: '' }));
        if (target) target.value = (target.value ? target.value + ',' : '') + image.id;
      } catch (message) {
        item.status.className = 'refused';
        item.status.textContent = message;
      }
    }
    box.querySelector('.media-uploader-done').hidden = false;
  }

  function setUp(box) {
    const input = box.querySelector('input[type=file]');
    input.addEventListener('change', function () {
      if (input.files.length) uploadAll(box, input.files).then(function () { input.value = ''; });
    });
  }

  // TinyMCE: images pasted, dropped or chosen in the image dialog go through the same endpoint.
  window.danvanImagesUpload = function (blobInfo, progress) {
    const editor = window.tinymce.activeEditor;
    const url = editor.options.get('images_upload_url');
    const limit = editor.options.get('images_upload_max_bytes') || 25 * MB;
    const blob = blobInfo.blob();
    if (blob.size > limit) return Promise.reject({ message: tooLarge(blob.size, limit), remove: true });
    return send(url, new File([blob], blobInfo.filename(), { type: blob.type }), progress)
      .then(function (image) { return image.location; })
      .catch(function (message) { return Promise.reject({ message: message, remove: true }); });
  };

  // TinyMCE's browse button in the image dialog: the library's images, searchable without diacritics.
  window.danvanFilePicker = function (callback, value, meta) {
    if (meta.filetype !== 'image') return;
    const url = window.tinymce.activeEditor.options.get('images_upload_url').replace(/upload\/$/, 'browse/');
    const dialog = element('div', { class: 'media-picker', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Chọn ảnh trong thư viện' });
    const header = element('header');
    const search = element('input', { type: 'search', placeholder: 'Tìm theo chú thích, nguồn ảnh (không cần dấu)', 'aria-label': 'Tìm ảnh' });
    const close = element('button', { type: 'button', class: 'button' }, 'Đóng');
    const grid = element('div', { class: 'media-picker-grid' });
    header.append(search, close);
    dialog.append(header, grid);
    document.body.append(dialog);
    function shut() { dialog.remove(); }
    close.addEventListener('click', shut);
    dialog.addEventListener('keydown', function (event) { if (event.key === 'Escape') shut(); });
    function load() {
      fetch(url + '?q=' + encodeURIComponent(search.value), { credentials: 'same-origin' })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          grid.replaceChildren();
          if (!data.images.length) grid.append(element('p', {}, 'Không có ảnh nào khớp.'));
          data.images.forEach(function (image) {
            const pick = element('button', { type: 'button' });
            pick.append(element('img', { src: image.thumbnail, alt: '' }), document.createTextNode(image.caption || image.alt || image.name));
            pick.addEventListener('click', function () {
              callback(image.location, { alt: image.alt, width: String(image.width), height: String(image.height) });
              shut();
            });
            grid.append(pick);
          });
        });
    }
    let timer = null;
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    load();
    search.focus();
  };

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.media-uploader').forEach(setUp);
  });
})();
