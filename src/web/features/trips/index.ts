export { TripsPage } from './TripsPage';
export { TripFormPage } from './TripFormPage';
export { TripPage } from './TripPage';
export { ClaimsPage } from './ClaimsPage';
export { ClaimFormPage } from './ClaimFormPage';
export { ClaimPage } from './ClaimPage';
