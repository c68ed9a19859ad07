import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_TARGET, scoreText } from '../shared/readability';
import { readSectionsFromYDoc } from '../shared/sections';
import { loadTemplates, parseTemplate, templateSectionText, TemplateError } from '../server/templates/templateLoader';
import { startTestServer } from './support/accordServer';
import { call, createPolicy, signUpAdmin, type Session } from './support/session';

const templatesDir = path.resolve(import.meta.dirname, '../templates');
const shipped = loadTemplates(templatesDir);

const valid = `---
id: sample
title: Social Media Policy
sector: Testing
summary: A small template for tests.
---

## Purpose {owner=communications approvers=hr,legal}

{{organization}} uses social media with care.

## Security {owner=it}

- Use two-step login.
`;

function problem(source: string, file = 'sample.md'): TemplateError {
  try {
    parseTemplate(source, file);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected the template to be refused');
}

describe('the shipped policy database', () => {
  it('has at least 8 valid templates, one per kind of organization', () => {
    expect(shipped.errors.map(String)).toEqual([]);
    expect(shipped.templates.length).toBeGreaterThanOrEqual(8);
    const sectors = shipped.templates.map((template) => template.sector.toLowerCase());
    for (const kind of ['corporate', 'government', 'healthcare', 'higher education', 'nonprofit', 'small business', 'financial', 'retail']) {
      expect(sectors.some((sector) => sector.includes(kind)), kind).toBe(true);
    }
  });

  it.each(shipped.templates.map((template) => [template.id, template] as const))('%s has 8 to 20 sections covering the essentials', (_id, template) => {
    expect(template.sections.length).toBeGreaterThanOrEqual(8);
    expect(template.sections.length).toBeLessThanOrEqual(20);
    const titles = template.sections.map((section) => section.title);
    expect(titles).toContain('Official accounts');
    expect(titles).toContain('Social media inventory');
    const owners = new Set(template.sections.map((section) => section.owner));
    expect(owners.has('it')).toBe(true);
    const text = template.sections.map(templateSectionText).join('\n');
    expect(text).toMatch(/\{\{organization\}\}/);
    // Employees' right to discuss pay and working conditions is stated in every template.
    expect(text).toMatch(/working conditions/i);
  });

  it.each(shipped.templates.flatMap((template) => template.sections.map((section) => [`${template.id}: ${section.title}`, section] as const)))(
    '%s reads at grade 9 or easier',
    (_name, section) => {
      const score = scoreText(templateSectionText(section));
      expect(score.grade).toBeLessThanOrEqual(DEFAULT_GRADE_TARGET);
    },
  );
});

/** The templates brought up to 2026 law in issue 21. */
const UPDATED = ['corporate-enterprise', 'financial-services', 'healthcare-provider', 'government-agency', 'higher-education', 'nonprofit-charity', 'retail-consumer-brand', 'small-business'];

describe('templates updated for issue 21', () => {
  it.each(shipped.templates.filter((template) => UPDATED.includes(template.id)).map((template) => [template.id, template] as const))(
    '%s has AI, accessibility and roles sections, IT on every crisis section, every department on the inventory, and named placeholders',
    (_id, template) => {
      const titles = template.sections.map((section) => section.title);
      expect(titles).toContain('Generative AI and synthetic media');
      expect(titles).toContain('Accessibility');
      expect(titles).toContain('Roles and approvals');
      // New sections come after the first three, which keep their titles.
      expect(titles.indexOf('Roles and approvals')).toBeGreaterThanOrEqual(3);
      for (const section of template.sections.filter((candidate) => /crisis|emergenc/i.test(candidate.title))) {
        expect([section.owner, ...section.approvers], section.title).toContain('it');
      }
      const inventory = template.sections.find((section) => section.title === 'Social media inventory')!;
      const named = new Set(template.sections.flatMap((section) => [section.owner, ...section.approvers]));
      expect(new Set([inventory.owner, ...inventory.approvers])).toEqual(named);
      expect(template.jurisdiction).toMatch(/US federal law/);
      expect(template.placeholders).toEqual(expect.arrayContaining(['crisis_contact', 'security_contact', 'archiving_tool', 'ai_tools', 'approval_window']));
      const text = template.sections.map(templateSectionText).join('\n');
      expect(text).not.toMatch(/the (approved )?archiving tool|approved archive tool/i);
      expect(text).toMatch(/EU AI Act \(2024\), Article 50/);
      if (template.id !== 'government-agency') {
        // Private employers: the NLRB standard and the FTC's fake reviews rule.
        expect(text).toMatch(/Stericycle/);
        expect(text).toMatch(/16 CFR Part 465/);
        expect(text).toMatch(/Rule 21F-17/);
      }
    },
  );

  it('the government template does not rest on the NLRA, and covers every state and local government under the ADA Title II rule', () => {
    const template = shipped.templates.find((candidate) => candidate.id === 'government-agency')!;
    const text = template.sections.map(templateSectionText).join('\n');
    expect(text).toMatch(/152\(2\)/);
    expect(text).toMatch(/Pickering/);
    expect(text).toMatch(/Garcetti/);
    expect(text).toMatch(/Lindke v\. Freed/);
    expect(text).not.toMatch(/Many state and local agencies must meet WCAG/);
    expect(text).toMatch(/April 2026/);
    expect(template.sections.find((section) => section.title === 'Accessibility')?.owner).toBe('communications');
  });
});

describe('template validation', () => {
  it('accepts a valid template', () => {
    const template = parseTemplate(valid, 'sample.md');
    expect(template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers }))).toEqual([
      { title: 'Purpose', owner: 'communications', approvers: ['hr', 'legal'] },
      { title: 'Security', owner: 'it', approvers: [] },
    ]);
  });

  it('names the file, line and field of a malformed owner', () => {
    const error = problem(valid.replace('owner=it', 'owner=Finance_Team'));
    expect(error.file).toBe('sample.md');
    expect(error.line).toBe(12);
    expect(error.field).toBe('owner');
    expect(error.message).toBe(
      'sample.md:12: owner: "Finance_Team" is not a department id (use lowercase letters, digits and hyphens, such as customer-service)',
    );
    expect(problem(valid.replace('approvers=hr,legal', 'approvers=hr,Legal!')).field).toBe('approvers');
  });

  it('refuses an approver listed twice, naming the file, line and field, as the clause library does', () => {
    const error = problem(valid.replace('approvers=hr,legal', 'approvers=hr,legal,hr'));
    expect({ file: error.file, line: error.line, field: error.field }).toEqual({ file: 'sample.md', line: 8, field: 'approvers' });
    expect(error.message).toBe('sample.md:8: approvers: hr is listed twice');
    // A front matter key given twice is refused the same way in both folders.
    const twice = problem(valid.replace('sector: Testing\n', 'sector: Testing\nsector: Other\n'));
    expect({ line: twice.line, field: twice.field }).toEqual({ line: 5, field: 'sector' });
  });

  it('accepts departments the built-in list lacks, since organizations have their own', () => {
    const template = parseTemplate(valid.replace('owner=it', 'owner=product approvers=clinical,academic-affairs'), 'sample.md');
    expect(template.sections[1]).toMatchObject({ owner: 'product', approvers: ['clinical', 'academic-affairs'] });
  });

  it('refuses a section without owner, an owner among approvers, a missing front matter key, an unknown placeholder and HTML', () => {
    expect(problem(valid.replace(' {owner=it}', '')).field).toBe('owner');
    expect(problem(valid.replace('approvers=hr,legal', 'approvers=hr,communications')).message).toMatch(/cannot also be an approver/);
    expect(problem(valid.replace('sector: Testing\n', '')).field).toBe('sector');
    const placeholder = problem(valid.replace('{{organization}}', '{{company}}'));
    expect([placeholder.line, placeholder.field]).toEqual([10, 'placeholder']);
    expect(problem(valid.replace('- Use two-step login.', '<script>alert(1)</script>')).message).toMatch(/HTML is not supported/);
    expect(problem(valid, 'other-name.md').message).toMatch(/must match the file name/);
  });

  it('reads declared placeholders and the jurisdiction, with US federal law by default', () => {
    expect(parseTemplate(valid, 'sample.md')).toMatchObject({ placeholders: [], jurisdiction: 'US federal law' });
    const declared = valid
      .replace('summary: A small template for tests.\n', 'summary: A small template for tests.\nplaceholders: security_contact, response_time\njurisdiction: US federal law and the EU (GDPR, 2016)\n')
      .replace('- Use two-step login.', '- Use two-step login. Report problems to {{security_contact}} within {{ response_time }}.');
    expect(parseTemplate(declared, 'sample.md')).toMatchObject({ placeholders: ['security_contact', 'response_time'], jurisdiction: 'US federal law and the EU (GDPR, 2016)' });
  });

  it('refuses a placeholder used but not declared, declared but not used, unknown or declared twice, naming the line', () => {
    const used = valid.replace('- Use two-step login.', '- Use two-step login. Ask {{security_contact}}.');
    const undeclared = problem(used);
    expect([undeclared.line, undeclared.field]).toEqual([14, 'placeholder']);
    expect(undeclared.message).toMatch(/\{\{security_contact\}\} is not declared/);
    const unused = problem(valid.replace('summary: A small template for tests.\n', 'summary: A small template for tests.\nplaceholders: crisis_contact\n'));
    expect([unused.line, unused.field]).toEqual([6, 'placeholders']);
    expect(unused.message).toMatch(/never used in the text: crisis_contact/);
    expect(problem(used.replace('summary: A small template for tests.\n', 'summary: A small template for tests.\nplaceholders: security_contact, nobody_knows\n')).message).toMatch(/unknown placeholder "nobody_knows"/);
    expect(problem(used.replace('summary: A small template for tests.\n', 'summary: A small template for tests.\nplaceholders: security_contact, security_contact\n')).message).toMatch(/declared twice/);
    expect(problem(valid.replace('summary: A small template for tests.\n', 'summary: A small template for tests.\njurisdiction:\n')).field).toBe('jurisdiction');
  });

  it('loads the valid files of a folder and reports the broken one', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-templates-'));
    fs.writeFileSync(path.join(folder, 'sample.md'), valid);
    fs.writeFileSync(path.join(folder, 'broken.md'), valid.replace('id: sample', 'id: broken').replace('owner=it', 'owner=No-Body'));
    const result = loadTemplates(folder);
    expect(result.templates.map((template) => template.id)).toEqual(['sample']);
    expect(result.errors.map(String)).toEqual([
      'TemplateError: broken.md:12: owner: "No-Body" is not a department id (use lowercase letters, digits and hyphens, such as customer-service)',
    ]);
  });
});

describe('templates over the API', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let admin: Session;
  const brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-templates-'));

  beforeAll(async () => {
    for (const file of fs.readdirSync(templatesDir).filter((name) => name.endsWith('.md'))) fs.copyFileSync(path.join(templatesDir, file), path.join(brokenDir, file));
    fs.writeFileSync(path.join(brokenDir, 'broken.md'), '---\nid: broken\n---\n');
    server = await startTestServer({ templatesDir: brokenDir });
    admin = await signUpAdmin(server.url, 'marketing');
  });
  afterAll(() => server.close());

  it('still starts with the valid templates when one file is broken, and lists them', async () => {
    const list = await call(server.url, '/api/templates', { cookie: admin.cookie });
    expect(list.status).toBe(200);
    expect(list.body.map((template: { id: string }) => template.id).sort()).toEqual(shipped.templates.map((template) => template.id).sort());
    expect(list.body[0]).toMatchObject({ id: expect.any(String), title: expect.any(String), sector: expect.any(String), summary: expect.any(String) });
    expect(list.body[0].sections[0]).toEqual({ title: expect.any(String), owner: expect.any(String), approvers: expect.any(Array) });
  });

  it('returns one template with its content, and 404 for an unknown id', async () => {
    const one = await call(server.url, '/api/templates/healthcare-provider', { cookie: admin.cookie });
    expect(one.status).toBe(200);
    expect(one.body.sections[0].content.length).toBeGreaterThan(0);
    expect((await call(server.url, '/api/templates/nope', { cookie: admin.cookie })).status).toBe(404);
  });

  it.each(shipped.templates.map((template) => [template.id, template] as const))('creates a policy from %s with its sections, owners and fresh ids', async (id, template) => {
    const first = await createPolicy(server.url, admin, { title: 'Our policy', templateId: id, organization: 'Northwind <Health>' });
    const second = await createPolicy(server.url, admin, { title: 'Our policy', templateId: id, organization: 'Northwind <Health>' });
    const policy = await call(server.url, `/api/policies/${first}`, { cookie: admin.cookie });
    const other = await call(server.url, `/api/policies/${second}`, { cookie: admin.cookie });
    expect(policy.body.sections.map(({ title, owner, approvers }: { title: string; owner: string; approvers: string[] }) => ({ title, owner, approvers }))).toEqual(
      template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers })),
    );
    const ids = [...policy.body.sections, ...other.body.sections].map((section: { id: string }) => section.id);
    expect(new Set(ids).size).toBe(ids.length);
    const text = server.rooms.withDocument(first, (doc) => readSectionsFromYDoc(doc).map((section) => section.text).join('\n'));
    expect(text).toContain('Northwind <Health>');
    expect(text).not.toContain('{{organization}}');
  });

  it('creates a blank policy with one empty section owned by the creator’s department', async () => {
    const id = await createPolicy(server.url, admin, { title: 'Blank' });
    const policy = await call(server.url, `/api/policies/${id}`, { cookie: admin.cookie });
    expect(policy.body.sections).toHaveLength(1);
    expect(policy.body.sections[0].owner).toBe('marketing');
  });

  it('refuses an unknown template id with 400 naming the field', async () => {
    const response = await call(server.url, '/api/policies', { json: { title: 'x', templateId: 'nope' }, cookie: admin.cookie });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('templateId');
  });

  it('returns the departments with ids, names and colours', async () => {
    const response = await call(server.url, '/api/departments', { cookie: admin.cookie });
    expect(response.body.map((department: { id: string }) => department.id)).toEqual(['marketing', 'communications', 'customer-service', 'hr', 'it', 'legal', 'compliance', 'sales']);
    for (const department of response.body) expect(department.color).toMatch(/^#[0-9A-F]{6}$/i);
  });
});
