#!/usr/bin/env python
# coding: utf-8
# Exported from churn_model_v3_FINAL.ipynb
# TODO clean this up before handing over (Dana, June)

# In[1]:


import os
import sys
import json
import datetime
import warnings
warnings.filterwarnings('ignore')

import numpy as np
import pandas as pd

from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, precision_score, recall_score, confusion_matrix


# In[2]:


# paths
DATA_PATH = '/Users/dana/projects/churn/data/customers.csv'
SCORE_PATH = '/Users/dana/projects/churn/data/to_score.csv'
OUT_DIR = '/Users/dana/projects/churn/output'

# so it also works on the server
if not os.path.exists(DATA_PATH):
    DATA_PATH = 'data/customers.csv'
if not os.path.exists(SCORE_PATH):
    SCORE_PATH = 'data/to_score.csv'
if not os.path.exists(OUT_DIR):
    OUT_DIR = 'output'
os.makedirs(OUT_DIR, exist_ok=True)

TODAY = '2025-06-30'
THRESHOLD = 0.5


# In[3]:


df = pd.read_csv(DATA_PATH)
print(df.shape)
df.head()


# In[4]:


df.info()


# In[5]:


df.describe()


# In[6]:


# churn rate
print('churn rate', df['churned'].mean())


# In[7]:


# look at plans
df['plan'].value_counts()


# In[8]:


df.groupby('plan')['churned'].mean()


# In[9]:


df.groupby('region')['churned'].mean()


# In[10]:


# support calls vs churn
df.groupby('support_calls')['churned'].mean()


# In[11]:


# import matplotlib.pyplot as plt
# df['age'].hist(bins=30)
# plt.show()


# In[12]:


# df.boxplot(column='support_calls', by='churned')
# plt.show()


# In[13]:


# check duplicates
print('dupes', df['customer_id'].duplicated().sum())


# In[14]:


# feature engineering
try:
    df['monthly_spend'] = df['monthly_spend'].str.replace(',', '.').astype(float)
    df['tenure_months'] = (pd.Timestamp(TODAY) - pd.to_datetime(df['signup_date'])).dt.days / 30.4
    df['spend_per_call'] = df['monthly_spend'] / (df['support_calls'] + 1)
    df['senior'] = (df['age'] >= 65).astype(int)
except:
    pass


# In[15]:


df.head()


# In[16]:


feature_cols = [c for c in df.columns if c not in ['customer_id', 'churned', 'signup_date']]
print(feature_cols)


# In[17]:


X = pd.get_dummies(df[feature_cols])
y = df['churned']
print(X.shape)


# In[18]:


X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)


# In[19]:


# baseline
lr = LogisticRegression(max_iter=1000, solver='liblinear')
lr.fit(X_train.values, y_train)
print('LR AUC', roc_auc_score(y_test, lr.predict_proba(X_test.values)[:, 1]))


# In[20]:


model = RandomForestClassifier(n_estimators=100, min_samples_leaf=5)
model.fit(X_train.values, y_train)


# In[21]:


p_test = model.predict_proba(X_test.values)[:, 1]
auc = roc_auc_score(y_test, p_test)
print('RF AUC', auc)


# In[22]:


pred = (p_test >= THRESHOLD).astype(int)
print('precision', precision_score(y_test, pred, zero_division=0))
print('recall', recall_score(y_test, pred, zero_division=0))
print(confusion_matrix(y_test, pred))


# In[23]:


# feature importance
imp = pd.Series(model.feature_importances_, index=X.columns).sort_values(ascending=False)
imp.head(20)


# In[24]:


# tried a few thresholds
for t in [0.3, 0.4, 0.5, 0.6]:
    pr = (p_test >= t).astype(int)
    print(t, precision_score(y_test, pr, zero_division=0), recall_score(y_test, pr, zero_division=0))


# In[25]:


# old experiment, keep for now
# from sklearn.ensemble import GradientBoostingClassifier
# gb = GradientBoostingClassifier()
# gb.fit(X_train, y_train)
# print(roc_auc_score(y_test, gb.predict_proba(X_test)[:, 1]))


# In[26]:


metrics = {
    'auc': auc,
    'n_train': len(X_train),
    'n_test': len(X_test),
    'trained_at': str(datetime.datetime.now()),
}
with open(os.path.join(OUT_DIR, 'metrics.json'), 'w') as f:
    json.dump(metrics, f)


# In[27]:


# ---------------- scoring ----------------
score_df = pd.read_csv(SCORE_PATH)
print(score_df.shape)


# In[28]:


# same feature engineering as above
try:
    score_df['monthly_spend'] = score_df['monthly_spend'].str.replace(',', '.').astype(float)
    score_df['tenure_months'] = (pd.Timestamp(TODAY) - pd.to_datetime(score_df['signup_date'])).dt.days / 30.4
    score_df['spend_per_call'] = score_df['monthly_spend'] / (score_df['support_calls'] + 1)
    score_df['senior'] = (score_df['age'] >= 65).astype(int)
except:
    pass


# In[29]:


X_score = pd.get_dummies(score_df[[c for c in feature_cols if c in score_df.columns]])
# score file sometimes has fewer dummy columns -> pad with zeros
X_score = X_score[[c for c in X_score.columns if c in X.columns]]
for c in X.columns:
    if c not in X_score.columns:
        X_score[c] = 0
print(X_score.shape)


# In[30]:


score_df['churn_score'] = model.predict_proba(X_score.values)[:, 1]
score_df['churn_flag'] = (score_df['churn_score'] >= THRESHOLD).astype(int)


# In[31]:


score_df[['customer_id', 'churn_score', 'churn_flag']].to_csv(os.path.join(OUT_DIR, 'scores.csv'), index=False)
print('wrote', len(score_df), 'scores')
print('flagged', score_df['churn_flag'].sum())


# In[32]:


# sanity
score_df['churn_score'].describe()


# In[ ]:




