/** SNS: the alert topic the functions publish to, which email, Slack (notify) and AWS Chatbot subscribe to. */
export { createSnsAlertTopic, emailSubject, type HttpsFormat, MAX_SUBJECT_CHARS } from './alert-topic.js';
export { createSnsClient } from './client.js';
