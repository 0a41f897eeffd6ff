"""Work around Sphinx 9's Chinese search script, which breaks every page in the browser.

``SearchChinese`` ships the English stemmer script but then assigns ``window.Stemmer =
ChineseStemmer``, a name that script never defines: "ChineseStemmer is not defined" on each
page load. Chinese search does stem its Latin words with the English stemmer, so naming that
stemmer fixes the script and changes nothing else.
"""

from __future__ import annotations

from sphinx.search.zh import SearchChinese


class SearchChineseFixed(SearchChinese):
    language_name = "English"
