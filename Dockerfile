# The Streamlit explorer (see docker-compose.yml); Neo4j comes from its own image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY . .
RUN pip install -e . && useradd --create-home gridnet
USER gridnet

# explorer_app.py sits at the repo root (an editable install keeps it there); its pages
# live in explorer/pages. gridnet.explorer.serve warms up, then runs it with Streamlit.
EXPOSE 8501
CMD ["python", "-m", "gridnet.explorer.serve", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
