import { defineErrors } from '@webinar/http';

export const CampaignErrors = defineErrors({
  notFound: { code: 'CAMPAIGN.NOT_FOUND', status: 404, message: 'No such campaign.' },
  invalidExpiry: {
    code: 'CAMPAIGN.INVALID_EXPIRY',
    status: 400,
    message: ({ maxDays }: { maxDays: number }) => `A campaign must expire in the future and within ${maxDays} days.`,
  },
  companyRequired: { code: 'CAMPAIGN.COMPANY_REQUIRED', status: 400, message: 'Root must name the company of the campaign.' },
  otherCompany: { code: 'CAMPAIGN.OTHER_COMPANY', status: 403, message: 'An admin creates campaigns for their own company only.' },
  unknownCompany: { code: 'CAMPAIGN.UNKNOWN_COMPANY', status: 400, message: 'No such company.' },
});
