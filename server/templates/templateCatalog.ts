import type { Logger } from '../logger';
import { loadTemplates, templateSectionText, type PolicyTemplate } from './templateLoader';

/** The built-in policy database, validated once at start-up. */
export class TemplateCatalog {
  readonly templates: PolicyTemplate[];

  constructor(directory: string, logger: Logger) {
    const { templates, errors } = loadTemplates(directory);
    for (const error of errors) {
      logger.error('templates.invalid', { file: error.file, line: error.line, field: error.field, problem: error.problem });
    }
    logger.info('templates.loaded', { count: templates.length, invalid: errors.length });
    this.templates = templates;
  }

  get(id: string): PolicyTemplate | undefined {
    return this.templates.find((template) => template.id === id);
  }

  /** The list the gallery shows: each template with its sections' titles and owners. */
  summaries() {
    return this.templates.map((template) => ({
      id: template.id,
      title: template.title,
      sector: template.sector,
      summary: template.summary,
      sections: template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers })),
    }));
  }

  /** One template with its content, for the preview. */
  detail(template: PolicyTemplate) {
    return {
      id: template.id,
      title: template.title,
      sector: template.sector,
      summary: template.summary,
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
