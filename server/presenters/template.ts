import type { TemplateDetail, TemplateSummary } from '../../shared/api/templates';
import type { TemplateCatalog } from '../templates/templateCatalog';

export function presentTemplateSummary(template: ReturnType<TemplateCatalog['summaries']>[number]): TemplateSummary {
  return {
    id: template.id,
    title: template.title,
    sector: template.sector,
    summary: template.summary,
    sections: template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers })),
    ...('matches' in template && template.matches ? { matches: template.matches.map((match) => ({ section: match.section, snippet: match.snippet.map(({ text, match: matched }) => ({ text, match: matched })) })) } : {}),
  };
}

export function presentTemplateDetail(template: ReturnType<TemplateCatalog['detail']>): TemplateDetail {
  return {
    id: template.id,
    title: template.title,
    sector: template.sector,
    summary: template.summary,
    sections: template.sections.map(({ title, owner, approvers, content, text }) => ({ title, owner, approvers, content: content as TemplateDetail['sections'][number]['content'], text })),
  };
}
