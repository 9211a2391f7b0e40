/* The rich-text editor's paste and video hooks (TinyMCE paste_preprocess and
   media_url_resolver; a static file, as the Content-Security-Policy allows no inline script).

   Word puts a bulleted or numbered list on the clipboard as paragraphs styled
   "mso-list:l0 level1 lfo1", each starting with its bullet or number as text in a
   "mso-list:Ignore" span. TinyMCE's free paste keeps them as paragraphs with a "·" in front;
   here they become real <ul>/<ol> lists, nested by level, before TinyMCE cleans the rest. */
'use strict';

(function () {
  const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
  const WORD = /class="?Mso|mso-|urn:schemas-microsoft-com/i;
  const NUMBERED = /^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$/;

  function listInfo(node) {
    if (node.nodeType !== Node.ELEMENT_NODE || node.tagName === 'LI') return null;
    const match = LIST_STYLE.exec(node.getAttribute('style') || '');
    return match ? { list: match[1], level: Number(match[2]) } : null;
  }

  function dropComments(node) {
    Array.from(node.childNodes).forEach(function (child) {
      if (child.nodeType === Node.COMMENT_NODE) child.remove();
      else if (child.nodeType === Node.ELEMENT_NODE) dropComments(child);
    });
  }

  // The bullet or number Word wrote as text; removed from the item, returned as its kind.
  function takeMarker(paragraph) {
    const marker = Array.from(paragraph.querySelectorAll('span')).find(function (span) {
      return /mso-list:\s*Ignore/i.test(span.getAttribute('style') || '');
    });
    let text = '';
    if (marker) {
      text = marker.textContent.replace(/\u00a0/g, ' ').trim();
      // The marker's span may sit inside a span of the symbol font: drop the emptied wrappers.
      let wrapper = marker.parentElement;
      marker.remove();
      while (wrapper && wrapper !== paragraph && !wrapper.textContent.trim()) {
        const up = wrapper.parentElement;
        wrapper.remove();
        wrapper = up;
      }
    }
    const numbered = NUMBERED.exec(text);
    return { ordered: Boolean(numbered), start: numbered && /^[0-9]+$/.test(numbered[1]) ? Number(numbered[1]) : 1 };
  }

  function itemFrom(doc, paragraph) {
    const item = doc.createElement('li');
    while (paragraph.firstChild) item.appendChild(paragraph.firstChild);
    // The spaces that stood after the marker.
    const first = item.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) first.textContent = first.textContent.replace(/^[\s\u00a0]+/, '');
    return item;
  }

  function newList(doc, kind) {
    const list = doc.createElement(kind.ordered ? 'ol' : 'ul');
    if (kind.ordered && kind.start > 1) list.setAttribute('start', String(kind.start));
    return list;
  }

  // One run of consecutive list paragraphs → one list, nested by Word's levels.
  function convertRun(doc, run) {
    const stack = []; // [{ list, level }]
    let top = null;
    run.forEach(function (paragraph) {
      const info = listInfo(paragraph);
      const kind = takeMarker(paragraph);
      const item = itemFrom(doc, paragraph);
      while (stack.length && stack[stack.length - 1].level > info.level) stack.pop();
      if (!stack.length || stack[stack.length - 1].level < info.level) {
        const list = newList(doc, kind);
        if (stack.length) {
          const parent = stack[stack.length - 1].list.lastElementChild;
          (parent || stack[stack.length - 1].list).appendChild(list);
        } else {
          top = list;
          paragraph.before(list);
        }
        stack.push({ list: list, level: info.level });
      }
      stack[stack.length - 1].list.appendChild(item);
      paragraph.remove();
    });
    return top;
  }

  function convertLists(doc, container) {
    let run = [];
    const flush = function () { if (run.length) convertRun(doc, run); run = []; };
    Array.from(container.childNodes).forEach(function (node) {
      if (listInfo(node)) run.push(node);
      else if (node.nodeType === Node.TEXT_NODE && !node.textContent.trim()) return;
      else {
        flush();
        if (node.nodeType === Node.ELEMENT_NODE && /^(DIV|TD|TH|BLOCKQUOTE)$/.test(node.tagName)) convertLists(doc, node);
      }
    });
    flush();
  }

  // Word's own classes ("MsoNormal"), its "mso-" style rules and <o:p> wrappers mean nothing
  // on the site (the sanitiser would drop them on save; here the editor never shows them).
  function dropWordMarkup(container) {
    container.querySelectorAll('[class]').forEach(function (node) {
      const kept = Array.from(node.classList).filter(function (name) { return !/^Mso/i.test(name); });
      if (kept.length) node.setAttribute('class', kept.join(' ')); else node.removeAttribute('class');
    });
    container.querySelectorAll('[style]').forEach(function (node) {
      const kept = node.getAttribute('style').split(';').filter(function (rule) { return rule.trim() && !/^\s*mso-/i.test(rule); });
      if (kept.length) node.setAttribute('style', kept.join(';')); else node.removeAttribute('style');
    });
    Array.from(container.getElementsByTagName('o:p')).forEach(function (wrapper) { wrapper.replaceWith(...wrapper.childNodes); });
  }

  function fromWord(html) {
    if (!WORD.test(html)) return html;
    const doc = new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html');
    dropComments(doc.body);
    convertLists(doc, doc.body);
    dropWordMarkup(doc.body);
    return doc.body.innerHTML;
  }

  window.danvanPastePreprocess = function (editor, args) {
    args.content = fromWord(args.content);
  };

  // A Facebook video's address → its player (YouTube and Vimeo TinyMCE knows itself; an
  // empty answer hands the address back to it). The sanitiser keeps only the players in
  // danvan/embeds.py, so the frame survives the save. TinyMCE 7 awaits a promise.
  function facebookPlayer(address) {
    let url;
    try { url = new URL(address); } catch (error) { return ''; }
    const host = url.hostname.replace(/^(www|m)\./, '');
    if (!((host === 'facebook.com' && /\/videos\/|^\/watch/.test(url.pathname)) || host === 'fb.watch')) return '';
    const src = 'https://www.facebook.com/plugins/video.php?href=' + encodeURIComponent(url.href) + '&show_text=false';
    return '<iframe src="' + src + '" width="560" height="314" title="Video Facebook" allowfullscreen="allowfullscreen"></iframe>';
  }

  window.danvanMediaUrlResolver = function (data) {
    return Promise.resolve({ html: facebookPlayer(data.url) });
  };
}());
