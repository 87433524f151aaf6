import "@testing-library/jest-dom/vitest";

// Format times as a user in Việt Nam sees them (UTC+7), whatever the machine's zone.
process.env.TZ = "Asia/Ho_Chi_Minh";
