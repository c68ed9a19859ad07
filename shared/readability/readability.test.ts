import { describe, it, expect } from 'vitest';
import { DEFAULT_GRADE_TARGET, readingLevelLabel, scoreText, splitSentences } from './readability';

const sentenceTexts = (text: string) => splitSentences(text).map((sentence) => sentence.text);

describe('scoreText on hand-worked examples', () => {
  it('scores a one-sentence, one-syllable text', () => {
    // The(1) cat(1) sat(1) on(1) the(1) mat(1): 6 words, 1 sentence, 6 syllables.
    // Ease  = 206.835 − 1.015 × 6/1 − 84.6 × 6/6 = 206.835 − 6.09 − 84.6 = 116.145 → 116.1
    // Grade = 0.39 × 6/1 + 11.8 × 6/6 − 15.59   = 2.34 + 11.8 − 15.59  = −1.45   → −1.5 (half away from zero)
    const score = scoreText('The cat sat on the mat.');
    expect(score).toMatchObject({ words: 6, sentences: 1, syllables: 6, readingEase: 116.1, grade: -1.5, averageSentenceLength: 6 });
  });

  it('scores a heading and two list items as three sentences', () => {
    // "Rules"                    → Rules(1)                                   = 1 word,  1 syllable
    // "Do not post client data." → Do(1) not(1) post(1) cli-ent(2) da-ta(2)   = 5 words, 7 syllables
    // "Ask your manager first."  → Ask(1) your(1) man-a-ger(3) first(1)       = 4 words, 6 syllables
    // Total: 10 words, 3 sentences, 14 syllables.
    // Ease  = 206.835 − 1.015 × 10/3 − 84.6 × 14/10 = 206.835 − 3.3833 − 118.44 = 85.0117 → 85.0
    // Grade = 0.39 × 10/3 + 11.8 × 14/10 − 15.59   = 1.3 + 16.52 − 15.59      = 2.23    → 2.2
    const score = scoreText('Rules\nDo not post client data.\nAsk your manager first.');
    expect(score).toMatchObject({ words: 10, sentences: 3, syllables: 14, readingEase: 85, grade: 2.2, averageSentenceLength: 3.3 });
  });

  it('scores a sentence of legalese', () => {
    // Em-ploy-ees(3) shall(1) not(1) u-ti-lize(3) so-cial(2) me-di-a(3) ac-counts(2) for(1) the(1)
    // pur-pose(2) of(1) dis-sem-i-nat-ing(5) con-fi-den-tial(4) in-for-ma-tion(4):
    // 14 words, 1 sentence, 33 syllables.
    // Ease  = 206.835 − 1.015 × 14 − 84.6 × 33/14 = 206.835 − 14.21 − 199.4143 = −6.7893 → −6.8
    // Grade = 0.39 × 14 + 11.8 × 33/14 − 15.59   = 5.46 + 27.8143 − 15.59     = 17.6843 → 17.7
    const text = 'Employees shall not utilize social media accounts for the purpose of disseminating confidential information.';
    const score = scoreText(text);
    expect(score).toMatchObject({ words: 14, sentences: 1, syllables: 33, readingEase: -6.8, grade: 17.7, averageSentenceLength: 14 });
    expect(score.legalese.map((match) => [match.phrase, match.index])).toEqual([
      ['shall', 10],
      ['utilize', 20],
      ['for the purpose of', 50],
    ]);
  });
});

describe('scoreText', () => {
  it('gives zeros, never NaN, for text without words', () => {
    for (const text of ['', '   ', '\n\n', ' --- \n * * *', '...']) {
      const score = scoreText(text);
      expect(score).toEqual({
        words: 0,
        sentences: 0,
        syllables: 0,
        readingEase: 0,
        grade: 0,
        averageSentenceLength: 0,
        longestSentences: [],
        passiveShare: 0,
        legalese: [],
      });
    }
  });

  it('reports the three longest sentences, longest first, earlier first on ties', () => {
    const text = 'One two. One two three four five. One two three. Six words are in this one. Four words right here. Done.';
    const longest = scoreText(text).longestSentences;
    expect(longest.map((sentence) => sentence.text)).toEqual([
      'Six words are in this one.',
      'One two three four five.',
      'Four words right here.',
    ]);
    expect(longest.map((sentence) => sentence.words)).toEqual([6, 5, 4]);
  });

  it('reports the share of passive sentences', () => {
    const score = scoreText('The manager approved the post. The post was approved. We review posts. Posts are reviewed weekly.');
    expect(score.sentences).toBe(4);
    expect(score.passiveShare).toBe(0.5);
  });

  it('counts numbers, hyphenated words, contractions and links as one word each', () => {
    const score = scoreText("Don't post well-known 3.5 or 1,000 figures at https://example.com/a?b=1 or help@example.org.");
    expect(score.words).toBe(11); // don't, post, well-known, 3.5, or, 1,000, figures, at, the link, or, the email
    expect(score.sentences).toBe(1);
  });

  it('does not count list markers as words', () => {
    expect(scoreText('- Be kind.\n2. Be brief.\n(c) Be clear.').words).toBe(6);
  });
});

describe('splitSentences', () => {
  it('does not split after common abbreviations', () => {
    expect(sentenceTexts('Dr. Smith met Mr. Jones today. They talked.')).toEqual(['Dr. Smith met Mr. Jones today.', 'They talked.']);
    expect(sentenceTexts('Use plain words, e.g. short ones. Avoid jargon, i.e. legalese.')).toEqual([
      'Use plain words, e.g. short ones.',
      'Avoid jargon, i.e. legalese.',
    ]);
    expect(sentenceTexts('The U.S. government agrees. The U.K. does too.')).toEqual(['The U.S. government agrees.', 'The U.K. does too.']);
    expect(sentenceTexts('We meet at 9 a.m. on Mondays.')).toEqual(['We meet at 9 a.m. on Mondays.']);
    expect(sentenceTexts('See No. 5 for details. J. Smith wrote it.')).toEqual(['See No. 5 for details.', 'J. Smith wrote it.']);
  });

  it('splits after an abbreviation that ends the sentence', () => {
    expect(sentenceTexts('We moved to the U.S. The office is new.')).toEqual(['We moved to the U.S.', 'The office is new.']);
    expect(sentenceTexts('Bring pens, paper, etc. Then sign in.')).toEqual(['Bring pens, paper, etc.', 'Then sign in.']);
    expect(sentenceTexts('The answer is no. We agree.')).toEqual(['The answer is no.', 'We agree.']);
  });

  it('does not split decimals, links or email addresses', () => {
    expect(sentenceTexts('Prices rose 3.5 percent. Costs fell 2.25 percent!')).toEqual(['Prices rose 3.5 percent.', 'Costs fell 2.25 percent!']);
    expect(sentenceTexts('Visit https://example.com/a.b?c=1. Email help@example.org. See accord.org. Done?')).toEqual([
      'Visit https://example.com/a.b?c=1.',
      'Email help@example.org.',
      'See accord.org.',
      'Done?',
    ]);
  });

  it('treats each line as a block, with or without final punctuation', () => {
    expect(sentenceTexts('Heading\n- first item\n- second item; third clause\n1. Numbered item\n(a) lettered\n---\n\n')).toEqual([
      'Heading',
      'first item',
      'second item;',
      'third clause',
      'Numbered item',
      'lettered',
    ]);
    expect(sentenceTexts('One\r\nTwo\rThree')).toEqual(['One', 'Two', 'Three']);
  });

  it('splits on question marks, exclamation marks and semicolons', () => {
    expect(sentenceTexts('Really? Yes! Fine; go.')).toEqual(['Really?', 'Yes!', 'Fine;', 'go.']);
    expect(sentenceTexts('What?! No.')).toEqual(['What?!', 'No.']);
  });

  it('keeps closing quotes and brackets with the sentence', () => {
    expect(sentenceTexts('He said “stop.” Then he left.')).toEqual(['He said “stop.”', 'Then he left.']);
    expect(sentenceTexts('Ask first. (This matters.) Then post.')).toEqual(['Ask first.', '(This matters.)', 'Then post.']);
  });

  it('splits after an ellipsis only before a capital', () => {
    expect(sentenceTexts('Wait... what happened? And then… Nothing.')).toEqual(['Wait... what happened?', 'And then…', 'Nothing.']);
  });

  it('reports positions in the original text and word counts', () => {
    const text = '  First one here.   Second.\n\n- Third item';
    const sentences = splitSentences(text);
    expect(sentences.map(({ start, end, words }) => ({ start, end, words }))).toEqual([
      { start: 2, end: 17, words: 3 },
      { start: 20, end: 27, words: 1 },
      { start: 31, end: 41, words: 2 },
    ]);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('flags passive sentences', () => {
    expect(splitSentences('Posts are reviewed. We review posts.').map((sentence) => sentence.passive)).toEqual([true, false]);
  });

  it('returns nothing for empty text', () => {
    expect(splitSentences('')).toEqual([]);
  });
});

describe('readingLevelLabel', () => {
  it('names school grades, college and graduate levels', () => {
    expect(readingLevelLabel(-1.5)).toBe('Kindergarten');
    expect(readingLevelLabel(0.4)).toBe('Kindergarten');
    expect(readingLevelLabel(1)).toBe('Grade 1');
    expect(readingLevelLabel(7.6)).toBe('Grade 8');
    expect(readingLevelLabel(8.4)).toBe('Grade 8');
    expect(readingLevelLabel(12.4)).toBe('Grade 12');
    expect(readingLevelLabel(12.5)).toBe('College');
    expect(readingLevelLabel(16)).toBe('College');
    expect(readingLevelLabel(17.7)).toBe('Graduate');
    expect(readingLevelLabel(Number.NaN)).toBe('Unknown');
  });

  it('has a default target of grade 9', () => {
    expect(DEFAULT_GRADE_TARGET).toBe(9);
    expect(readingLevelLabel(DEFAULT_GRADE_TARGET)).toBe('Grade 9');
  });
});
