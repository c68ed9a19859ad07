import type { Logger } from '../logger';
import { loadTemplates, templateSectionText, type PolicyTemplate } from './templateLoader';
import { TemplateSearchIndex, type TemplateMatch } from './templateSearch';

/** The built-in policy database, validated once at start-up. */
export class TemplateCatalog {
  readonly templates: PolicyTemplate[];
  private readonly index: TemplateSearchIndex;

  constructor(directory: string, logger: Logger) {
    const { templates, errors } = loadTemplates(directory);
    for (const error of errors) {
      logger.error('templates.invalid', { file: error.file, line: error.line, field: error.field, problem: error.problem });
    }
    logger.info('templates.loaded', { count: templates.length, invalid: errors.length });
    this.templates = templates;
    this.index = new TemplateSearchIndex(templates);
  }

  get(id: string): PolicyTemplate | undefined {
    return this.templates.find((template) => template.id === id);
  }

  /**
   * The list the gallery shows: each template with its sections' titles and owners. With a
   * search, only the templates holding every word, each with where it matched.
   */
  summaries(query?: string) {
    const hits = query?.trim() ? new Map(this.index.search(query).map((hit) => [hit.id, hit.matches])) : null;
    return this.templates
      .filter((template) => !hits || hits.has(template.id))
      .map((template) => ({
        id: template.id,
        title: template.title,
        sector: template.sector,
        summary: template.summary,
        jurisdiction: template.jurisdiction,
        placeholders: template.placeholders,
        sections: template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers })),
        ...(hits ? { matches: hits.get(template.id) as TemplateMatch[] } : {}),
      }));
  }

  /** One template with its content, for the preview. */
  detail(template: PolicyTemplate) {
    return {
      id: template.id,
      title: template.title,
      sector: template.sector,
      summary: template.summary,
      jurisdiction: template.jurisdiction,
      placeholders: template.placeholders,
      sections: template.sections.map((section) => ({
        title: section.title,
        owner: section.owner,
        approvers: section.approvers,
        content: section.content,
        text: templateSectionText(section),
      })),
    };
  }
}
