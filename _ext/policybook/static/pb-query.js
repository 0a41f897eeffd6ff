/* Policybook query layer: what a reader types → the pages that answer it, best first.
 *
 * Readers type everyday words and questions (专利补贴, 高企奖励多少钱, 科技型中小企业怎么入库),
 * pinyin (gaoqi), homophone slips (科技创薪券) and 文号 typed loosely (明科字2025 12号); Pagefind
 * alone requires every term to match and answers most of these with nothing. This module is the
 * ranking in front of it, shared by the site search (pb-search.js) and the finder's keyword box:
 *
 *   1. analyse: fold full-width forms, find a 文号, a program id, an amount (20万元), pinyin;
 *      drop question words and filler (怎么, 有没有, 多少钱 …), keeping what they say about the
 *      intent (多少钱: the reader wants a program's money);
 *   2. expand: every synonym group of the staff-kept table (source/search-terms.yaml) turns the
 *      query into variants (专利补贴 → 专利资助 …);
 *   3. score every entry (program, policy, guide, page of search/index.json) on its names,
 *      keywords and short text: whole words, then character bigrams (so most terms are enough,
 *      and a one-character slip still leaves most bigrams), names compared character by
 *      character and by pinyin (a homophone slip is no slip in pinyin), 文号 and ids exactly;
 *   4. prefer programs for program questions, and what is in force over what is not.
 *
 * Pure: no DOM, no network; tests/test_query_engine.py runs it in Node.
 */
(function (root) {
  "use strict";

  /* Question words and filler: they say how the reader asks, not what about. Longest first. */
  var FILLER = ["请问一下", "请问", "我想知道", "我想了解", "我想", "我要", "想要", "想了解", "了解一下", "咨询一下",
    "怎么样", "怎么办", "怎么", "怎样", "如何", "有没有", "有无", "是否", "能不能", "能否", "可不可以", "可以",
    "应该", "需要", "需不需要", "哪些", "哪个", "哪里", "哪儿", "在哪", "什么", "啥", "多久", "何时",
    "什么时候", "几月", "为什么", "为啥", "还有", "还能", "还可以", "一年", "每年", "能用", "能拿", "能领",
    "可以拿", "可以领", "我们", "我司", "本公司", "咱们", "一下", "相关", "关于", "有关",
    "的", "吗", "呢", "吧", "啊", "呀", "嘛"];
  /* Single characters that are filler only at the start or the end of a word (了解, 个人, 智能,
   * 到期, 协会 keep theirs). */
  var START_FILLER = "我去给哪些么";
  var END_FILLER = "了我去给到些个么要哪";
  /* Words that tell what the reader wants, removed from the words to match (unless nothing else is left). */
  var INTENT = {
    money: ["多少钱", "多少万", "给多少", "奖多少", "补多少", "钱", "金额", "标准", "额度", "多少", "最多", "最高", "上限", "封顶"],
    apply: ["申请条件", "申报条件", "申请流程", "申报流程", "办理流程", "申请材料", "申报材料", "申请", "申报", "办理",
      "入口", "流程", "步骤", "手续", "条件", "要求", "材料"],
    policy: ["政策文件", "政策原文", "原文", "文件", "政策", "规定"],
    explain: ["政策解读", "解读", "图解", "解释", "怎么算", "怎么计算", "如何计算", "怎样计算", "怎么理解"]
  };

  /* Words of money that stay in the query (titles have them) but say the reader wants a program. */
  var MONEY_WORDS = ["补贴", "补助", "资助", "奖励", "奖补", "贴息", "资金", "奖金"];
  /* Tax relief said in general (减免企业所得税, 抵税, 税收优惠): like 补贴, after other words it says
   * "relief for that", and the other words say which (研发费用减免企业所得税 is 加计扣除). */
  var TAX_RELIEF = /^(?:减免|减征|免征|减税|免税|抵税|抵扣|抵免|税收优惠|税收减免|税费减免)?(?:企业)?(?:所得税)?$/;
  function generic(piece) {
    return MONEY_WORDS.indexOf(piece) !== -1 || (piece.length >= 2 && TAX_RELIEF.test(piece));
  }

  var SEPARATORS = /[\s"'“”‘’《》〈〉「」『』（）()【】\[\]·・.,，、。:：;；!！?？\-—_\/〔〕［］+&|~`@#$%^*=<>{}…]+/;
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var LATIN_ONLY = /^[a-z\s']+$/;
  var DOCNUM = /([\u3400-\u9fff]{0,12})\s*[〔\[（(【［{]?\s*((?:19|20)\d\d)\s*[〕\]）)】］}]?\s*年?\s*第?\s*(\d{1,4})\s*号/;
  var DOCNUM_LOOSE = /([\u3400-\u9fff]{1,12})\s*[〔\[（(【［{]?\s*((?:19|20)\d\d)\s*[〕\]）)】］}]?\s*年?\s*第?\s*(\d{1,4})(?!\d)/;
  var AMOUNT = /(\d+(?:\.\d+)?)\s*(万|千|亿|w)?\s*(元|块)?/;

  function fold(text) {
    var s = String(text == null ? "" : text);
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase();
  }
  function squash(text) { return fold(text).split(SEPARATORS).join(""); }

  function bigrams(text) {
    var out = [];
    for (var i = 0; i + 1 < text.length; i++) out.push(text.substr(i, 2));
    return out;
  }

  /* Longest common subsequence length (characters or syllables); two rows, reused. */
  var ROW_A = new Int16Array(64), ROW_B = new Int16Array(64);
  function lcs(a, b) {
    if (!a.length || !b.length) return 0;
    if (b.length + 1 > ROW_A.length) { ROW_A = new Int16Array(b.length + 1); ROW_B = new Int16Array(b.length + 1); }
    var prev = ROW_A, cur = ROW_B;
    prev.fill(0, 0, b.length + 1);
    cur[0] = 0;
    for (var i = 1; i <= a.length; i++) {
      var x = a[i - 1];
      for (var j = 1; j <= b.length; j++) {
        cur[j] = x === b[j - 1] ? prev[j - 1] + 1 : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
      }
      var t = prev; prev = cur; cur = t;
      cur[0] = 0;
    }
    return prev[b.length];
  }

  /* Edit distance, stopping early above ``limit``. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        cur[k] = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (cur[k] < best) best = cur[k];
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  /* A 文号 as {prefix, year, number}: 明科字〔2025〕12号 and 明科字2025 12号 are the same document. */
  function docnumKey(text, loose) {
    var m = (loose ? DOCNUM_LOOSE : DOCNUM).exec(fold(text));
    if (!m) return null;
    return { prefix: m[1] || "", year: m[2], number: String(Number(m[3])), at: m.index, length: m[0].length };
  }

  /* "20万元" → 200000 (yuan); only with a unit (万, 元 …), never a bare number. */
  function amountOf(text) {
    var m = AMOUNT.exec(text);
    if (!m || (!m[2] && !m[3])) return null;
    var value = Number(m[1]) * ({ "万": 1e4, "w": 1e4, "千": 1e3, "亿": 1e8 }[m[2]] || 1);
    return { value: Math.round(value), at: m.index, length: m[0].length };
  }

  function sortedByLength(words) {
    return words.filter(Boolean).slice().sort(function (a, b) { return b.length - a.length; });
  }

  /* -- the engine over one index ------------------------------------------------------------- */

  /* search/index.json writes what repeats once (policybook/search/entries.py, compact): program
   * URLs by the ``program_url`` pattern, keywords as numbers into ``words``. Whole entries again. */
  function expand(doc) {
    var words = doc.words || [], template = doc.program_url || "";
    return (doc.entries || []).map(function (entry) {
      var out = {};
      Object.keys(entry).forEach(function (key) { out[key] = entry[key]; });
      if (!out.url && template && out.id) out.url = template.split("{id}").join(out.id);
      if (out.keys) out.keys = out.keys.map(function (k) { return typeof k === "number" ? (words[k] || "") : k; });
      return out;
    });
  }

  /* doc: {entries: [...], terms: {synonyms, stopwords, referrals}, pinyin: {syllable: chars}}.
   * An entry: {kind, title, url, names?, keys?, text?, amounts?, docnum?, id?, archived?, inactive?}. */
  function Engine(doc) {
    var self = this;
    var terms = (doc && doc.terms) || {};
    this.entries = expand(doc || {});
    this.syllableOf = {};
    this.hasPinyin = false;
    if (doc && doc.pinyin) this.usePinyin(doc.pinyin, doc.readings);
    this.filler = sortedByLength(FILLER.concat((terms.stopwords || []).map(fold)));
    this.intents = {};
    Object.keys(INTENT).forEach(function (name) { self.intents[name] = sortedByLength(INTENT[name]); });
    this.groups = (terms.synonyms || []).map(function (group) { return group.map(squash).filter(Boolean); });
    this.referrals = (terms.referrals || []).map(function (r) {
      return { terms: (r.terms || []).map(squash).filter(Boolean), referral: r };
    });
    this.prepared = this.entries.map(function (entry) { return self.prepare(entry); });
    this.words = {};
    this.cut = {};
    this.prepared.forEach(function (p) {
      p.names.concat(p.keys).forEach(function (w) { if (w.length >= 2 && w.length <= 10) self.words[w] = true; });
    });
    this.groups.forEach(function (group) { group.forEach(function (w) { if (w.length >= 2) self.words[w] = true; }); });
    this.postings = {};
    this.rarest = Math.log(1 + Math.max(this.prepared.length, 1));
  }

  /* The pinyin table (search/pinyin.json, syllable → characters): loaded when a query needs it
   * (Latin letters, or a query the characters alone answer poorly: a homophone slip), with the
   * names' own readings where the table's would be wrong (``readings``: entry number → one
   * reading per name, as an entry's ``py``); only queries in pinyin or sound read either. */
  Engine.prototype.usePinyin = function (table, readings) {
    var self = this;
    Object.keys(table || {}).forEach(function (syllable) {
      var chars = table[syllable];
      for (var i = 0; i < chars.length; i++) if (!self.syllableOf[chars[i]]) self.syllableOf[chars[i]] = syllable;
    });
    Object.keys(readings || {}).forEach(function (i) {
      var entry = self.entries[Number(i)];
      if (entry) entry.py = readings[i];
      if (self.prepared && self.prepared[Number(i)]) self.prepared[Number(i)].spoken = readings[i] || [];
    });
    this.hasPinyin = true;
    (this.prepared || []).forEach(function (p) { p.sounds = null; });
  };

  Engine.prototype.pinyinOf = function (text) {
    var out = [];
    var s = fold(text);
    for (var i = 0; i < s.length; i++) {
      var ch = s[i];
      if (this.syllableOf[ch]) out.push(this.syllableOf[ch]);
      else if (/[a-z0-9]/.test(ch)) {
        var word = ch;
        while (i + 1 < s.length && /[a-z0-9]/.test(s[i + 1])) word += s[++i];
        out.push(word);
      }
    }
    return out;
  };

  /* Each entry's fields, folded once. Bigram statistics and readings are worked out when a query
   * needs them (postings, soundsOf): at 2,000 programs the index is ready in milliseconds. */
  Engine.prototype.prepare = function (entry) {
    var names = [entry.title].concat(entry.names || []).map(squash).filter(Boolean);
    var keys = (entry.keys || []).concat(entry.docnum ? [entry.docnum] : []).map(squash).filter(Boolean);
    var text = squash(entry.text || "");
    var nameText = names.join("\u0001"), keyText = keys.join("\u0001");
    return {
      names: names, nameText: nameText, keys: keys, keyText: keyText, text: text,
      all: nameText + "\u0001" + keyText + "\u0001" + text, spoken: entry.py || [], sounds: null,
      docnum: entry.docnum ? docnumKey(entry.docnum, true) : null,
      docnumText: entry.docnum ? squash(entry.docnum) : "", amounts: entry.amounts || []
    };
  };

  /* The readings of an entry's names (its own where pypinyin knew better, else the table's). */
  Engine.prototype.soundsOf = function (p) {
    if (!p.sounds) {
      var self = this;
      p.sounds = p.names.map(function (name, i) {
        var syllables = p.spoken[i] ? p.spoken[i].split(" ") : self.pinyinOf(name);
        return { syllables: syllables, full: syllables.join(""),
                 initials: syllables.map(function (x) { return x.charAt(0); }).join("") };
      });
    }
    return p.sounds;
  };

  /* The entries whose fields contain ``gram`` (indices), computed once per gram. */
  Engine.prototype.posting = function (gram) {
    var found = this.postings[gram];
    if (!found) {
      found = [];
      for (var i = 0; i < this.prepared.length; i++) if (this.prepared[i].all.indexOf(gram) !== -1) found.push(i);
      this.postings[gram] = found;
    }
    return found;
  };

  /* Rare bigrams say more: log(1 + N / df), a bigram no entry has counting as the rarest. */
  Engine.prototype.weightOf = function (gram) {
    var df = this.posting(gram).length;
    return Math.log(1 + this.prepared.length / Math.max(df, 1));
  };

  /* What the query says: {text, words, intents, docnum, amount, id, latin, referral}. */
  Engine.prototype.analyse = function (query) {
    var text = fold(query).trim();
    var out = { text: text, words: [], intents: {}, docnum: null, amount: null, id: null, latin: "", referral: null };
    var rest = text;
    var doc = docnumKey(rest, false) || docnumKey(rest, true);
    if (doc) {
      out.docnum = doc;
      rest = rest.slice(0, doc.at) + " " + rest.slice(doc.at + doc.length);
    }
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(squash(text)) || /^[a-z][a-z0-9-]{2,}$/.test(text)) out.id = text;
    var amount = doc ? null : amountOf(rest);
    if (amount) {
      out.amount = amount.value;
      rest = rest.slice(0, amount.at) + " " + rest.slice(amount.at + amount.length);
    }
    if (LATIN_ONLY.test(text)) out.latin = text.replace(/[\s']+/g, "");
    var self = this;
    Object.keys(this.intents).forEach(function (name) {
      self.intents[name].forEach(function (word) {
        if (rest.indexOf(word) !== -1) {
          out.intents[name] = true;
          rest = rest.split(word).join(" \u0002" + word + "\u0002 ");
        }
      });
    });
    this.filler.forEach(function (word) {
      if (word && rest.indexOf(word) !== -1) rest = rest.split(word).join(" ");
    });
    if (doc && doc.prefix && !this.hasDocnum(doc)) rest = doc.prefix + " " + rest;  // no such 文号: who issued it still helps
    var words = [], intentWords = [];
    rest.split(SEPARATORS).forEach(function (piece) {
      if (!piece) return;
      piece.split("\u0002").forEach(function (part, i) {
        if (i % 2 === 0) {
          while (part && START_FILLER.indexOf(part.charAt(0)) !== -1) part = part.slice(1);
          while (part && END_FILLER.indexOf(part.charAt(part.length - 1)) !== -1) part = part.slice(0, -1);
        }
        if (!part) return;
        // odd pieces are intent words: kept aside, matched only when nothing else is left
        (i % 2 ? intentWords : words).push(part);
      });
    });
    out.words = words.length ? words : intentWords;
    if (MONEY_WORDS.some(function (w) { return rest.indexOf(w) !== -1; })) out.intents.money = true;
    out.intentWords = intentWords;
    var whole = squash(text);
    this.referrals.forEach(function (r) {
      if (out.referral) return;
      r.terms.forEach(function (term) { if (!out.referral && whole.indexOf(term) !== -1) out.referral = r.referral; });
    });
    return out;
  };

  /* A run of characters cut into the site's words, longest first, for a full-text index that
   * wants whole words (引进博士补贴 → 引进, 博士, 补贴); unknown stretches go in pairs. */
  Engine.prototype.pieces = function (word) {
    var cached = this.cut[word];
    if (cached) return cached;
    var out = [], i = 0, unknown = "";
    while (i < word.length) {
      var found = "";
      for (var len = Math.min(10, word.length - i); len >= 2; len--) {
        if (this.words[word.substr(i, len)]) { found = word.substr(i, len); break; }
      }
      if (!found) { unknown += word.charAt(i); i += 1; continue; }
      if (unknown) { out.push(unknown); unknown = ""; }
      out.push(found);
      i += found.length;
    }
    if (unknown) out.push(unknown);
    this.cut[word] = out;
    return out;
  };

  Engine.prototype.hasDocnum = function (key) {
    return this.prepared.some(function (p) { return p.docnum && p.docnum.year === key.year && p.docnum.number === key.number; });
  };

  /* The query's words, and the same with each synonym swapped in: [{words, weight}]. */
  Engine.prototype.variants = function (words) {
    var variants = [{ words: words.slice(), weight: 1 }];
    var self = this;
    words.forEach(function (word, index) {
      self.groups.forEach(function (group) {
        group.forEach(function (member) {
          if (word.indexOf(member) === -1) return;
          group.forEach(function (other) {
            if (other === member || variants.length >= 12) return;
            var swapped = words.slice();
            swapped[index] = word.split(member).join(other);
            variants.push({ words: swapped, weight: 0.97 });
          });
        });
      });
    });
    return variants;
  };

  /* How well the entry's fields cover one word, 0..1 (names count most). */
  Engine.prototype.coverage = function (p, word) {
    if (p.nameText.indexOf(word) !== -1) return 1;
    var best = 0;
    if (p.keyText.indexOf(word) !== -1) best = 0.7;
    else if (p.text.indexOf(word) !== -1) best = 0.45;
    if (word.length < 2) return best;
    var grams = bigrams(word), total = 0, inNames = 0, inKeys = 0, inText = 0;
    for (var i = 0; i < grams.length; i++) {
      var w = this.weightOf(grams[i]);
      total += w;
      if (p.nameText.indexOf(grams[i]) !== -1) inNames += w;
      else if (p.keyText.indexOf(grams[i]) !== -1) inKeys += w;
      else if (p.text.indexOf(grams[i]) !== -1) inText += w;
    }
    if (!total) return best;
    var partial = (inNames + 0.7 * inKeys + 0.45 * inText) / total;
    // a partial match counts less than a whole one: 3 of 4 bigrams is a near miss, 1 of 4 is noise
    return Math.max(best, 0.85 * Math.pow(partial, 1.6));
  };

  /* How much of ``piece`` (0..1) the site's words or entry ``index``'s own fields have. */
  Engine.prototype.knows = function (piece, index) {
    if (this.words[piece]) return 1;
    var p = this.prepared[index];
    if (p && (p.nameText.indexOf(piece) !== -1 || p.keyText.indexOf(piece) !== -1 || p.text.indexOf(piece) !== -1)) return 1;
    return 0;
  };

  Engine.prototype.wordWeight = function (word) {
    if (word.length < 2) return 0.4 * this.rarest;
    var grams = bigrams(word), sum = 0;
    for (var i = 0; i < grams.length; i++) sum += this.weightOf(grams[i]);
    return sum;
  };

  /* Names against the whole query: exact, contained, the same sounds, or nearly the same characters. */
  Engine.prototype.nameMatch = function (p, joined, sounds) {
    var best = 0;
    for (var i = 0; i < p.names.length; i++) {
      var name = p.names[i], score = 0, title = i === 0;
      if (name === joined) score = title ? 1.2 : 1.1;
      else if (joined.length >= 2 && name.indexOf(joined) !== -1) score = 0.45 + 0.45 * joined.length / name.length;
      else if (name.length >= 2 && joined.indexOf(name) !== -1) score = 0.25 + 0.6 * Math.pow(name.length / joined.length, 2);
      if (joined.length >= 3 && score < 1) {
        var same = lcs(joined, name);
        if (same >= 3) score = Math.max(score, 0.85 * Math.pow(same / joined.length, 1.5) * (0.6 + 0.4 * same / name.length));
        // homophones (创薪 for 创新: the reader's input method picked the wrong character); only
        // where the characters leave something to explain and there is something to hear
        if (same < joined.length && same >= 1 && sounds.length >= 3 && sounds.length === joined.length) {
          var heard = this.soundsOf(p)[i].syllables;
          var sameSound = lcs(sounds, heard);
          if (sameSound === sounds.length && sameSound === heard.length) score = Math.max(score, title ? 1.1 : 1.0);
          else if (sameSound >= 3) score = Math.max(score, 0.9 * Math.pow(sameSound / sounds.length, 2) * (0.55 + 0.45 * sameSound / heard.length));
        }
      }
      if (score > best) best = score;
    }
    return best;
  };

  /* Latin letters typed for Chinese names: full pinyin (gaoqi, gao qi) or initials (gxjsqy). */
  Engine.prototype.pinyinMatch = function (p, latin) {
    if (latin.length < 2) return 0;
    var best = 0;
    var sounds = this.soundsOf(p);
    for (var i = 0; i < sounds.length; i++) {
      var s = sounds[i], score = 0;
      if (!s.full || s.full === p.names[i]) continue;  // a Latin name: matched as text
      if (s.full === latin) score = 1.1;
      else if (s.initials === latin && latin.length >= 2) score = 0.95;
      else if (latin.length >= 3 && s.full.indexOf(latin) === 0) score = 0.5 + 0.4 * latin.length / s.full.length;
      else if (latin.length >= 3 && s.initials.indexOf(latin) === 0) score = 0.4 + 0.3 * latin.length / s.initials.length;
      else if (latin.length >= 4 && s.full.indexOf(latin) !== -1) score = 0.35 + 0.3 * latin.length / s.full.length;
      else if (latin.length >= 5) {
        var limit = latin.length >= 9 ? 2 : 1;
        if (editDistance(latin, s.full, limit) <= limit) score = 0.8;
        else if (editDistance(latin, s.full.slice(0, latin.length), limit) <= limit) score = 0.45;
      }
      if (score > best) best = score;
    }
    return best;
  };

  Engine.prototype.docnumMatch = function (p, q) {
    if (!p.docnum || !q) return 0;
    if (p.docnum.year !== q.year || p.docnum.number !== q.number) return 0;
    if (!q.prefix) return 1.2;
    var same = lcs(q.prefix, p.docnum.prefix);
    return same / Math.max(q.prefix.length, 1) >= 0.5 ? 3 : 0.8;
  };

  var KIND_PRIOR = { program: 0.1, policy: -0.04, notice: -0.04, guide: -0.02, page: -0.08, interpretation: -0.06 };
  /* Kinds whose 文号 is another document's: a 解读 is found by its policy's 文号, but the document
   * that bears the number is the answer, by more than Pagefind's full text can add to the 解读
   * (which quotes the number, often more often than the policy does). */
  var BORROWED_DOCNUM = { interpretation: 0.6 };

  /* Whether ``text`` has any two characters of ``query`` side by side (or its one character). */
  function sharesAPair(text, query) {
    if (query.length < 2) return text.indexOf(query) !== -1;
    for (var i = 0; i + 1 < query.length; i++) if (text.indexOf(query.substr(i, 2)) !== -1) return true;
    return false;
  }

  /* The entries worth scoring: those sharing a pair of characters with the query (or one of its
   * synonyms), leaving out pairs most entries have when rarer ones are there (企业 says little).
   * A 文号, an amount, an id or pinyin is looked for in every entry. */
  Engine.prototype.candidates = function (a, texts) {
    var n = this.prepared.length, all = [];
    if (a.docnum || a.amount !== null || a.id || a.latin) {
      for (var i = 0; i < n; i++) all.push(i);
      return all;
    }
    var self = this, grams = {};
    texts.forEach(function (t) {
      if (t.length === 1) grams[t] = true;
      bigrams(t).forEach(function (g) { grams[g] = true; });
    });
    var lists = Object.keys(grams).map(function (g) { return self.posting(g); })
      .filter(function (list) { return list.length; });
    var rare = lists.filter(function (list) { return list.length <= n / 3; });
    var seen = {}, out = [];
    (rare.length ? rare : lists).forEach(function (list) {
      list.forEach(function (i) { if (!seen[i]) { seen[i] = true; out.push(i); } });
    });
    return out;
  };

  /* Every entry with its score for ``query``, best first: [{entry, score, index}]. */
  Engine.prototype.rank = function (query, options) {
    options = options || {};
    var a = typeof query === "string" ? this.analyse(query) : query;
    var self = this;
    var variants = this.variants(a.words);
    var sounds = variants.map(function (v) { return self.pinyinOf(v.words.join("")); });
    var whole = squash(a.text);
    var results = [];
    var joined = variants.map(function (v) { return v.words.join(""); });
    // each variant's pieces and their weights, once: 补贴 after other words means "money for
    // that", the other words say which (a third of its weight)
    var plans = variants.map(function (v) {
      var pieces = [];
      v.words.forEach(function (word) { pieces = pieces.concat(self.pieces(word)); });
      var general = pieces.filter(generic).length;
      var weights = pieces.map(function (piece) {
        return self.wordWeight(piece) * (general < pieces.length && generic(piece) ? 0.3 : 1);
      });
      return { pieces: pieces, weights: weights, total: weights.reduce(function (x, y) { return x + y; }, 0) };
    });
    this.candidates(a, joined.concat([whole])).forEach(function (index) {
      var p = self.prepared[index];
      var entry = self.entries[index];
      if (options.kinds && options.kinds.indexOf(entry.kind) === -1) return;
      var score = 0, cover = 0, named = 0, exact = 0;
      var memo = {};
      plans.forEach(function (plan, n) {
        var covered = 0;
        plan.pieces.forEach(function (piece, k) {
          if (!(piece in memo)) memo[piece] = self.coverage(p, piece);
          covered += plan.weights[k] * memo[piece];
        });
        var total = plan.total, v = variants[n];
        var c = total ? covered / total : 0;
        var m = sharesAPair(p.nameText, joined[n]) ? self.nameMatch(p, joined[n], sounds[n]) : 0;
        score = Math.max(score, (c + 0.6 * m) * v.weight);
        cover = Math.max(cover, c * v.weight);
        named = Math.max(named, m * v.weight);
      });
      if (whole && whole !== variants[0].words.join("")) {
        var wm = self.nameMatch(p, whole, self.pinyinOf(whole));
        score = Math.max(score, 0.6 * wm + 0.3);
        named = Math.max(named, wm);
      }
      if (a.latin) {
        var py = self.pinyinMatch(p, a.latin);
        score = Math.max(score, py);
        named = Math.max(named, py);
      }
      if (a.id && entry.id && fold(entry.id) === a.id) { score += 3; exact = 1; }
      if (a.docnum) {
        var d = self.docnumMatch(p, a.docnum) * (BORROWED_DOCNUM[entry.kind] || 1);
        if (d) { score = Math.max(score, 0.3) + d; exact = Math.max(exact, d >= 1 ? 1 : 0.5); }
        else if (p.docnumText && p.docnumText.indexOf(squash(a.text)) !== -1) { score += 1; exact = 1; }
      }
      if (a.amount !== null) {
        if (p.amounts.indexOf(a.amount) !== -1) {
          score += a.words.length ? 0.35 : 0.7;
          if (!a.words.length) exact = 1;
        } else if (!a.words.length) score = 0;
      }
      if (score <= 0) return;
      var base = score;  // before the preferences below: whether it is worth listing at all
      score += KIND_PRIOR[entry.kind] || 0;
      if (entry.kind === "program" && (a.intents.money || a.intents.apply || a.amount !== null)) score += 0.12;
      if ((entry.kind === "policy" || entry.kind === "notice") && a.intents.policy) score += 0.15;
      if (entry.kind === "interpretation" && a.intents.explain) score += 0.45;
      // what is no longer in force comes after what is, unless the reader names it outright
      if (entry.archived || entry.inactive) score -= a.docnum ? 0.05 : 0.35 * (1 - 0.7 * Math.min(named, 1));
      // cover: how much of what the reader typed this entry has (0..1); named: how well a name
      // of it matches the whole query; exact: an id, 文号 or amount the reader gave
      results.push({ entry: entry, score: score, base: base, index: index, cover: cover, named: named, exact: exact });
    });
    results.sort(function (x, y) {
      return y.score - x.score || x.entry.title.length - y.entry.title.length || (x.entry.title < y.entry.title ? -1 : 1);
    });
    return results;
  };

  /* Below this a result is a guess: the page says so and offers 您是不是要找. */
  var GOOD = 0.5;
  /* ... and so is one that has less than this of what the reader typed (人才公寓: 人才 is not enough). */
  var COVERED = 0.6;

  /* Whether a ranked result answers the query rather than shares a word with it. */
  function answers(result) {
    return result.score >= GOOD && (result.exact > 0 || result.named >= 0.45 || result.cover >= COVERED);
  }

  root.PolicybookQuery = Object.freeze({
    Engine: Engine, fold: fold, squash: squash, docnumKey: docnumKey, amountOf: amountOf, GOOD: GOOD,
    COVERED: COVERED, answers: answers,
    create: function (doc) { return new Engine(doc); }
  });
})(typeof window !== "undefined" ? window : this);
