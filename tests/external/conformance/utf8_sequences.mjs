// The UTF-8 sequences of the Autobahn TestSuite's case6_x_x.py (Markus Kuhn's UTF-8 decoder
// capability and stress test), shared by the server and the client conformance suites, which
// number them 6.5 onwards: utf8Sequences() returns [[category title, [[valid, Buffer], ...]], ...].
// Validity is RFC 3629's, which is what the WHATWG decoder with fatal: true implements.

const hex = (text) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
// "κόσμε", the Greek word of Autobahn's 6.5 and 6.6.
const KOSME = hex('cebae1bdb9cf83cebcceb5');

export function utf8Sequences() {
  const valid = (buffer) => {
    try { new TextDecoder('utf-8', { fatal: true }).decode(buffer); return true; } catch { return false; }
  };
  const categories = [];
  const add = (name, list) => categories.push([name, list]);
  const range = (from, to, fn) => { const out = []; for (let i = from; i < to; i++) out.push(...fn(i)); return Buffer.from(out); };
  add('Some valid UTF-8 sequences', [[true, Buffer.from('hello$world')], [true, hex('68656c6c6fc2a2776f726c64')],
    [true, hex('68656c6c6fe282ac776f726c64')], [true, hex('68656c6c6ff0a4ada2776f726c64')], [true, KOSME]]);
  add('All prefixes of a valid UTF-8 string that contains multi-byte code points',
    Array.from({ length: KOSME.length }, (_, i) => KOSME.subarray(0, i + 1)).map((p) => [valid(p), p]));
  add('First possible sequence of a certain length', [[true, hex('00')], [true, hex('c280')], [true, hex('e0a080')], [true, hex('f0908080')]]);
  add('First possible sequence length 5/6 (invalid codepoints)', [[false, hex('f888808080')], [false, hex('fc8480808080')]]);
  add('Last possible sequence of a certain length', [[true, hex('7f')], [true, hex('dfbf')], [true, hex('efbfbf')], [true, hex('f48fbfbf')]]);
  add('Last possible sequence length 4/5/6 (invalid codepoints)', [[false, hex('f7bfbfbf')], [false, hex('fbbfbfbfbf')], [false, hex('fdbfbfbfbfbf')]]);
  add('Other boundary conditions', [[true, hex('ed9fbf')], [true, hex('ee8080')], [true, hex('efbfbd')], [true, hex('f48fbfbf')], [false, hex('f4908080')]]);
  add('Unexpected continuation bytes', [[false, hex('80')], [false, hex('bf')], [false, hex('80bf')], [false, hex('80bf80')],
    [false, hex('80bf80bf')], [false, hex('80bf80bf80')], [false, hex('80bf80bf80bf')], [false, range(0x80, 0xbf, (i) => [i])]]);
  add('Lonely start characters', [[0xc0, 0xdf], [0xe0, 0xef], [0xf0, 0xf7], [0xf8, 0xfb], [0xfc, 0xfd]]
    .map(([a, b]) => [false, range(a, b, (i) => [i, 0x20])]));
  const incomplete = ['c0', 'e080', 'f08080', 'f8808080', 'fc80808080', 'df', 'efbf', 'f7bfbf', 'fbbfbfbf', 'fdbfbfbfbf'].map(hex);
  add('Sequences with last continuation byte missing', incomplete.map((k) => [false, k]));
  add('Concatenation of incomplete sequences', [[false, Buffer.concat(incomplete)]]);
  add('Impossible bytes', [[false, hex('fe')], [false, hex('ff')], [false, hex('fefeffff')]]);
  add('Examples of an overlong ASCII character', ['c0af', 'e080af', 'f08080af', 'f8808080af', 'fc80808080af'].map((h) => [false, hex(h)]));
  add('Maximum overlong sequences', ['c1bf', 'e09fbf', 'f08fbfbf', 'f887bfbfbf', 'fc83bfbfbfbf'].map((h) => [false, hex(h)]));
  add('Overlong representation of the NUL character', ['c080', 'e08080', 'f0808080', 'f880808080', 'fc8080808080'].map((h) => [false, hex(h)]));
  add('Single UTF-16 surrogates', ['eda080', 'edadbf', 'edae80', 'edafbf', 'edb080', 'edbe80', 'edbfbf'].map((h) => [false, hex(h)]));
  add('Paired UTF-16 surrogates', ['eda080edb080', 'eda080edbfbf', 'edadbfedb080', 'edadbfedbfbf', 'edae80edb080', 'edae80edbfbf',
    'edafbfedb080', 'edafbfedbfbf'].map((h) => [false, hex(h)]));
  const nonCharacters = [[true, hex('efbfbe')], [true, hex('efbfbf')]];
  for (const z1 of [0xf0, 0xf1, 0xf2, 0xf3, 0xf4]) {
    for (const z2 of [0x8f, 0x9f, 0xaf, 0xbf]) {
      if (z1 === 0xf4 && z2 !== 0x8f)
        continue; // above U+10FFFF
      for (const z3 of [0xbe, 0xbf]) {
        if (z1 === 0xf0 && z2 === 0x8f)
          continue; // overlong
        nonCharacters.push([true, Buffer.from([z1, z2, 0xbf, z3])]);
      }
    }
  }
  add('Non-character code points (valid UTF-8)', nonCharacters);
  add('Unicode specials (i.e. replacement char)', ['efbfb9', 'efbfba', 'efbfbb', 'efbfbc', 'efbfbd', 'efbfbe', 'efbfbf'].map((h) => [true, hex(h)]));
  return categories;
}
